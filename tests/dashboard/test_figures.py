"""The landing page's figures are the Indicators page's own (city_indicators), month and year
to date, each beside the same span a year before."""

from datetime import date

import pytest

from indicators.services import city_indicators

pytestmark = pytest.mark.django_db


def test_its_indicators_equal_city_indicators_for_the_month(client, regulator, ledger_city):
    client.force_login(regulator)
    response = client.get("/", {"period": "2026-02"})
    assert response.status_code == 200
    report = city_indicators(park=None, month=date(2026, 2, 1), year=None)
    shown = response.context["summary"].indicators
    assert [(row.month.value, row.year_to_date.value) for row in shown] == [
        (row.results["month"].value, row.results["year_to_date"].value) for row in report.rows
    ]
    assert any(value is not None for row in shown for value in (row.month.value,))


def test_its_tonnes_equal_the_indicators_figures(client, regulator, ledger_city):
    client.force_login(regulator)
    client.cookies["django_language"] = "en"
    response = client.get("/", {"period": "2026-01"})
    report = city_indicators(park=None, month=date(2026, 1, 1), year=None)
    rows = {row.code: row for row in report.rows}
    general = rows["general_utilisation_rate"].results["month"].figures
    tonnes = {row.label: row.month.value for row in response.context["summary"].tonnes}
    assert tonnes["General industrial solid waste · Generated"] == general["generated_t"]
    assert tonnes["General industrial solid waste · Utilised"] == general["utilised_t"]
    # G1 1,000 t and B1 100 t of general waste generated in January, grouped by thousands.
    assert general["generated_t"] == 1100.0
    assert "1,100.000" in response.content.decode()
    del client.cookies["django_language"]  # Chinese, the default: grouped by thousands too
    assert "1,100.000" in client.get("/", {"period": "2026-01"}).content.decode()


def test_it_compares_the_month_with_the_same_month_a_year_before(client, regulator, ledger_city):
    client.force_login(regulator)
    response = client.get("/", {"period": "2027-01"})
    summary = response.context["summary"]
    generated = summary.tonnes[0]
    assert generated.month.value is None  # no ledger of 2027-01: no data, not 0
    assert generated.month.no_data
    # Nothing to compare: the year before counts only the months the month has figures of.
    assert generated.month.before is None and generated.month.pct is None
