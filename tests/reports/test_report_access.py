"""Reports are read with the data's scoping: the regulator reads every report, an operator
its parks' only — by portal, API or a guessed address — and every download is logged."""

from datetime import date

import pytest

from reports.models import ReportDownload
from reports.services import report_issue

JAN = date(2026, 1, 1)


@pytest.fixture
def issued(report_city, park_a, park_b):
    return {
        "city": report_issue(park=None, period=JAN).report,
        "PA": report_issue(park=park_a, period=JAN).report,
        "PB": report_issue(park=park_b, period=JAN).report,
    }


def test_an_operator_lists_its_parks_reports_only(issued, operator_a, api):
    api.force_authenticate(operator_a)
    body = api.get("/api/v1/reports/").json()
    assert [r["id"] for r in body["results"]] == [issued["PA"].pk]


def test_an_operator_cannot_download_another_parks_report(issued, operator_a, api, client):
    other = issued["PB"]
    api.force_authenticate(operator_a)
    assert api.get(f"/api/v1/reports/{other.pk}/").status_code == 404
    assert api.get(f"/api/v1/reports/{other.pk}/files/xlsx/").status_code == 404
    client.force_login(operator_a)
    assert client.get(f"/reports/{other.pk}/xlsx/").status_code == 404
    assert client.get(f"/reports/{issued['city'].pk}/csv/").status_code == 404
    assert not ReportDownload.objects.exists()


def test_the_regulator_downloads_any_report_and_the_download_is_logged(
    issued, regulator, api, client
):
    api.force_authenticate(regulator)
    assert len(api.get("/api/v1/reports/").json()["results"]) == 3
    response = api.get(f"/api/v1/reports/{issued['PB'].pk}/files/xlsx/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:2] == b"PK"  # a zip container: XLSX
    client.force_login(regulator)
    page = client.get("/reports/")
    assert "乙园区" in page.content.decode()
    assert client.get(f"/reports/{issued['city'].pk}/csv/").status_code == 200
    assert [(d.file.report, d.via) for d in ReportDownload.objects.order_by("at")] == [
        (issued["PB"], "api"),
        (issued["city"], "portal"),
    ]


def test_only_the_regulator_and_staff_issue(report_city, operator_a, regulator, api):
    api.force_authenticate(operator_a)
    assert api.post("/api/v1/reports/issue/", {"period": "2026-01"}).status_code == 403
    api.force_authenticate(regulator)
    created = api.post("/api/v1/reports/issue/", {"period": "2026-01", "park": "PA"})
    assert created.status_code == 201
    assert created.json()["version"] == 1 and created.json()["park"] == "PA"
    again = api.post("/api/v1/reports/issue/", {"period": "2026-01", "park": "PA"})
    assert again.status_code == 200
    assert api.post("/api/v1/reports/issue/", {"period": "2026-13"}).status_code == 400


def test_a_month_before_the_records_is_refused(db, regulator, api):
    api.force_authenticate(regulator)
    response = api.post("/api/v1/reports/issue/", {"period": "0000-01"})
    assert response.status_code == 400
    assert "period" in response.json()["extra"]["fields"]
