"""A raw download's query is checked, each error naming its parameter (400)."""

import pytest

from reports.models import RawDownload


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("waste.csv?from=2026-01&to=2026-02", "kind"),
        ("ledger.csv?to=2026-02", "from"),
        ("ledger.csv?from=2026-13&to=2026-02", "from"),
        ("ledger.csv?from=0000-01&to=2026-02", "from"),
        ("ledger.csv?from=2026-01&to=26-02", "to"),
        ("ledger.csv?from=2026-03&to=2026-02", "to"),
        ("ledger.csv?from=2021-01&to=2026-01", "to"),  # 61 months
    ],
)
def test_a_bad_query_is_refused_naming_the_parameter(db, regulator, api, path, field):
    api.force_authenticate(regulator)
    response = api.get(f"/api/v1/reports/raw/{path}", HTTP_ACCEPT="text/csv")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert list(response.json()["extra"]["fields"]) == [field]
    assert not RawDownload.objects.exists()


def test_sixty_months_are_allowed(db, regulator, api):
    api.force_authenticate(regulator)
    assert api.get("/api/v1/reports/raw/flags.csv?from=2021-02&to=2026-01").status_code == 200


def test_the_portal_shows_the_form_again_with_the_error(db, regulator, client):
    client.force_login(regulator)
    response = client.get("/reports/raw/?kind=ledger&from=2026-03&to=2026-02")
    assert response.status_code == 400
    assert "to" in response.context["raw_form"].errors
