"""Raw records with the data's scoping: the regulator downloads the city or any park; an
operator its parks' records only — by portal, API or a guessed address; nobody else any."""

import pytest

from reports.models import RawDownload
from tests.reports.conftest import csv_rows

QUERY = "from=2026-01&to=2026-02"


@pytest.mark.parametrize("kind", ["ledger", "manifests", "flags", "rollups"])
def test_an_operator_downloads_its_parks_records_only(raw_city, operator_a, api, client, kind):
    b1 = raw_city["B1"].credit_code
    api.force_authenticate(operator_a)
    by_api = csv_rows(api.get(f"/api/v1/reports/raw/{kind}.csv?{QUERY}"))
    client.force_login(operator_a)
    by_portal = csv_rows(client.get(f"/reports/raw/?kind={kind}&{QUERY}"))
    assert by_api == by_portal and len(by_api) > 1
    assert not [row for row in by_api if b1 in row]
    park_a = api.get(f"/api/v1/reports/raw/{kind}.csv?{QUERY}&park=PA")
    assert csv_rows(park_a) == by_api


def test_an_operator_cannot_get_another_parks_records(raw_city, operator_a, api, client):
    api.force_authenticate(operator_a)
    assert api.get(f"/api/v1/reports/raw/ledger.csv?{QUERY}&park=PB").status_code == 404
    assert api.get(f"/api/v1/reports/raw/flags.csv?{QUERY}&park=NOPE").status_code == 404
    client.force_login(operator_a)
    assert client.get(f"/reports/raw/?kind=ledger&{QUERY}&park=PB").status_code == 404
    assert not RawDownload.objects.exists()


def test_the_regulator_downloads_the_city_or_one_park(raw_city, regulator, api):
    api.force_authenticate(regulator)
    city = csv_rows(api.get(f"/api/v1/reports/raw/ledger.csv?{QUERY}"))
    park_b = csv_rows(api.get(f"/api/v1/reports/raw/ledger.csv?{QUERY}&park=PB"))
    assert len(city) == 1 + 27
    assert {row[0] for row in park_b[1:]} == {raw_city["B1"].credit_code}


def test_staff_download_the_city(raw_city, staff_admin, api):
    api.force_authenticate(staff_admin)
    assert len(csv_rows(api.get(f"/api/v1/reports/raw/ledger.csv?{QUERY}"))) == 1 + 27


def test_nobody_else_downloads(raw_city, enterprise_user, api, client):
    assert api.get(f"/api/v1/reports/raw/ledger.csv?{QUERY}").status_code == 401
    response = client.get(f"/reports/raw/?kind=ledger&{QUERY}")
    assert response.status_code == 302 and "/login/" in response["Location"]
    api.force_authenticate(enterprise_user)
    assert api.get(f"/api/v1/reports/raw/ledger.csv?{QUERY}").status_code == 403
    client.force_login(enterprise_user)
    assert client.get(f"/reports/raw/?kind=ledger&{QUERY}").status_code == 403
    assert "reports/raw/" not in client.get("/reports/").content.decode()
    assert not RawDownload.objects.exists()


def test_the_reports_page_offers_the_form_with_the_users_parks(raw_city, operator_a, client):
    client.force_login(operator_a)
    page = client.get("/reports/").content.decode()
    assert 'action="/reports/raw/"' in page
    assert 'value="PA"' in page and 'value="PB"' not in page
