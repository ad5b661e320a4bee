"""A report asked for in the portal is built by a worker while its page shows each step; its
steps are written outside the report's transaction (seen while it runs), and the files'
cover says the time of issue that is stored."""

import io
from datetime import date

import pytest
from django.db import connection
from django.utils import timezone
from openpyxl import load_workbook

from reports.models import ReportBuild
from reports.services import report_issue

JAN = date(2026, 1, 1)


def test_the_button_leads_to_the_build_page_then_to_the_files(
    report_city, regulator, client, django_capture_on_commit_callbacks
):
    client.force_login(regulator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/reports/issue/", {"period": "2026-01", "park": "PA", "language": "zh-hans"}
        )
    build = ReportBuild.objects.get()
    assert response.status_code == 302 and response.url == f"/reports/builds/{build.pk}/"
    assert (build.status, build.percent, build.created) == ("done", 100, True)
    page = client.get(response.url).content.decode()
    for file_format in ("xlsx", "csv", "pdf"):
        assert f"/reports/{build.report.pk}/{file_format}/" in page
    status = client.get(f"/reports/builds/{build.pk}/status/").json()
    assert status["finished"] and status["percent"] == 100

    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(
            "/reports/issue/", {"period": "2026-01", "park": "PA", "language": "zh-hans"}
        )
    assert "no new version was issued" in client.get(again.url).content.decode()


def test_a_build_is_its_askers_alone(report_city, regulator, staff_admin, client):
    build = ReportBuild.objects.create(
        requested_by=regulator, scope="city", period=JAN, language="zh-hans"
    )
    client.force_login(staff_admin)
    assert client.get(f"/reports/builds/{build.pk}/").status_code == 404
    assert client.get(f"/reports/builds/{build.pk}/status/").status_code == 404
    client.force_login(regulator)
    status = client.get(f"/reports/builds/{build.pk}/status/").json()
    assert (status["status"], status["percent"], status["finished"]) == ("queued", 0, False)


@pytest.mark.django_db(transaction=True)
def test_each_step_is_told_outside_any_transaction(report_city, park_a):
    told = []
    report_issue(
        park=park_a,
        period=JAN,
        progress=lambda step: told.append((step, connection.in_atomic_block)),
    )
    assert told == [
        ("figures", False),
        ("xlsx", False),
        ("csv", False),
        ("pdf", False),
        ("store", False),
    ]


def test_the_cover_says_the_stored_time_of_issue(report_city, park_a):
    report = report_issue(park=park_a, period=JAN, language="en").report
    with report.files.get(format="xlsx").file.open("rb") as handle:
        cover = load_workbook(io.BytesIO(handle.read()))["Cover"]
    lines = {row[0]: row[1] for row in cover.iter_rows(values_only=True)}
    assert lines["Issued at"] == timezone.localtime(report.issued_at).strftime("%Y-%m-%d %H:%M")
