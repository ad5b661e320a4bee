"""After logging in, a regulator lands on the dashboard, at the last month with ledger
figures (not simply last month); a month without ledgers says so, never 0."""

from datetime import date

import pytest

pytestmark = pytest.mark.django_db


def test_the_log_in_lands_on_the_dashboard(client, regulator, fixed_clock):
    response = client.post("/login/", {"username": "regina", "password": "pw"}, follow=True)
    assert response.redirect_chain == [("/", 302)]
    assert response.templates[0].name == "dashboard/home.html"
    assert client.get("/map/").templates[0].name == "parks/city_map.html"


def test_the_default_month_is_the_last_with_ledger_figures(
    client, regulator, ledger_city, fixed_clock
):
    client.force_login(regulator)
    summary = client.get("/").context["summary"]
    # Today is December 2026; the ledgers end in February.
    assert summary.month == date(2026, 2, 1)
    assert summary.has_data


def test_without_any_ledger_the_default_is_last_month(client, regulator, fixed_clock):
    client.force_login(regulator)
    summary = client.get("/").context["summary"]
    assert summary.month == date(2026, 11, 1)
    assert not summary.has_data


def test_a_month_without_ledgers_says_no_data(client, regulator, ledger_city):
    client.force_login(regulator)
    client.cookies["django_language"] = "en"
    response = client.get("/", {"period": "2026-05"})
    page = response.content.decode()
    assert "No data: no ledger figures of May 2026 in this scope." in page
    assert 'id="figures"' not in page
    assert response.context["summary"].tonnes[0].month.value is None


def test_a_month_not_a_month_is_explained(client, regulator, ledger_city):
    client.force_login(regulator)
    client.cookies["django_language"] = "en"
    response = client.get("/", {"period": "May"})
    assert response.status_code == 200
    assert "Not a month: write it as 2026-10." in response.content.decode()
    assert response.context["summary"].month == date(2026, 2, 1)
