"""Declarations are read with the data's scoping: an enterprise user reads its own
enterprise's declarations only (not another's, nor the park's or the city's report); an
operator its parks' reports and the declarations of its parks' enterprises — by portal, API
or a guessed address; every download is logged."""

import re
from datetime import date

import pytest

from reports.models import ReportDownload
from reports.services import report_issue

JAN = date(2026, 1, 1)


@pytest.fixture
def issued(declaring_city, park_a, park_b):
    h1, b1 = declaring_city["H1"], declaring_city["B1"]
    return {
        "city": report_issue(park=None, period=JAN).report,
        "PA": report_issue(park=park_a, period=JAN).report,
        "PB": report_issue(park=park_b, period=JAN).report,
        "H1": report_issue(park=None, enterprise=h1, span="month", period=JAN).report,
        "H1-year": report_issue(park=None, enterprise=h1, span="year", period=JAN).report,
        "B1": report_issue(park=None, enterprise=b1, span="year", period=JAN).report,
    }


def test_an_enterprise_user_lists_its_own_declarations_only(issued, h1_user, api, client):
    api.force_authenticate(h1_user)
    body = api.get("/api/v1/reports/").json()
    assert sorted(r["id"] for r in body["results"]) == sorted(
        [issued["H1"].pk, issued["H1-year"].pk]
    )
    assert {r["enterprise"] for r in body["results"]} == {issued["H1"].enterprise.credit_code}
    yearly = api.get("/api/v1/reports/", {"span": "year"}).json()["results"]
    assert [r["id"] for r in yearly] == [issued["H1-year"].pk]
    client.force_login(h1_user)
    page = re.sub(  # a random token could spell "B1"
        r'name="csrfmiddlewaretoken" value="[^"]*"', "", client.get("/reports/").content.decode()
    )
    assert "H1" in page and "甲园区" not in page and "B1" not in page


def test_an_enterprise_user_cannot_read_anothers_nor_the_park_or_city_report(
    issued, h1_user, api, client
):
    api.force_authenticate(h1_user)
    client.force_login(h1_user)
    for other in ("B1", "PA", "city"):
        pk = issued[other].pk
        assert api.get(f"/api/v1/reports/{pk}/").status_code == 404
        assert api.get(f"/api/v1/reports/{pk}/files/xlsx/").status_code == 404
        assert client.get(f"/reports/{pk}/csv/").status_code == 404
    assert not ReportDownload.objects.exists()
    assert api.post("/api/v1/reports/issue/", {"period": "2026-01"}).status_code == 403


def test_an_enterprise_user_downloads_its_declaration_and_it_is_logged(
    issued, h1_user, api, client
):
    api.force_authenticate(h1_user)
    response = api.get(f"/api/v1/reports/{issued['H1'].pk}/files/xlsx/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:2] == b"PK"
    client.force_login(h1_user)
    assert client.get(f"/reports/{issued['H1-year'].pk}/csv/").status_code == 200
    assert [(d.file.report, d.via, d.user) for d in ReportDownload.objects.order_by("at")] == [
        (issued["H1"], "api", h1_user),
        (issued["H1-year"], "portal", h1_user),
    ]


def test_an_operator_reads_its_parks_enterprises_declarations_only(issued, operator_a, api, client):
    api.force_authenticate(operator_a)
    ids = sorted(r["id"] for r in api.get("/api/v1/reports/").json()["results"])
    assert ids == sorted([issued["PA"].pk, issued["H1"].pk, issued["H1-year"].pk])
    declarations = api.get("/api/v1/reports/", {"scope": "enterprise"}).json()["results"]
    assert len(declarations) == 2
    assert api.get(f"/api/v1/reports/{issued['B1'].pk}/").status_code == 404
    client.force_login(operator_a)
    assert client.get(f"/reports/{issued['B1'].pk}/xlsx/").status_code == 404
    assert client.get(f"/reports/{issued['H1'].pk}/xlsx/").status_code == 200
    page = client.get("/reports/", {"scope": "enterprise"}).content.decode()
    listed = page.split('<table class="data">', 1)[1]  # the list, not the forms above it
    assert "H1" in listed and "甲园区" not in listed


def test_the_regulator_issues_a_declaration_by_api_and_portal(declaring_city, regulator, api):
    code = declaring_city["H1"].credit_code
    api.force_authenticate(regulator)
    created = api.post(
        "/api/v1/reports/issue/", {"period": "2026-02", "enterprise": code, "span": "quarter"}
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["scope"], body["enterprise"], body["span"], body["period"]) == (
        "enterprise",
        code,
        "quarter",
        "2026-01-01",
    )
    again = api.post(
        "/api/v1/reports/issue/", {"period": "2026-03", "enterprise": code, "span": "quarter"}
    )
    assert again.status_code == 200
    both = {"period": "2026-01", "enterprise": code, "park": "PA"}
    assert api.post("/api/v1/reports/issue/", both).status_code == 400
    city_quarter = {"period": "2026-01", "span": "quarter"}
    assert api.post("/api/v1/reports/issue/", city_quarter).status_code == 400


def test_the_portal_button_issues_a_declaration(
    declaring_city, regulator, client, django_capture_on_commit_callbacks
):
    client.force_login(regulator)
    h1 = declaring_city["H1"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/reports/issue/",
            {"period": "2026-01", "enterprise": h1.credit_code, "span": "year", "language": "en"},
        )
    assert response.status_code == 302
    [report] = h1.declarations.all()
    assert (report.span, report.period, report.language) == ("year", JAN, "en")
