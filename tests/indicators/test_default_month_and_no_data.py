"""The Indicators page and API open on the last month the scope has ledger figures of (not the
month before today, which has none yet), and a month or a figure without ledger figures says
"no data" (null in the API, with the flag and the reason), never 0.

The small city of tests/conftest.py has ledgers of January and February 2026; today (the
fixed clock) is 3 December 2026. Park B has general waste only."""

import pytest

INDICATORS = "/api/v1/city-indicators/"

pytestmark = pytest.mark.usefixtures("fixed_clock")


def test_the_api_opens_on_the_last_month_with_ledgers(api, regulator, ledger_city):
    api.force_authenticate(regulator)
    body = api.get(INDICATORS).json()
    assert body["period"] == "2026-02"  # not 2026-11, the month before today
    rates = {row["code"]: row["month"]["value"] for row in body["indicators"]}
    assert rates["general_utilisation_rate"] is not None


def test_the_page_opens_on_the_last_month_of_the_park_with_ledgers(client, operator_a, ledger_city):
    client.force_login(operator_a)
    response = client.get("/indicators/", {"park": "PA"}, HTTP_ACCEPT_LANGUAGE="en")
    assert f"{response.context['report'].month:%Y-%m}" == "2026-02"
    assert '<th scope="col">February 2026</th>' in response.content.decode()


def test_a_month_without_ledgers_is_no_data_in_the_api(api, regulator, ledger_city):
    api.force_authenticate(regulator)
    body = api.get(INDICATORS, {"period": "2026-11"}).json()
    for row in body["indicators"]:
        month = row["month"]
        assert (month["value"], month["no_data"], month["handling_unknown_t"]) == (None, True, None)
        assert month["not_computable"] == "No data: no ledger figures."
    assert body["spans"]["month"]["months"] == []


def test_a_figure_without_ledgers_is_no_data(api, regulator, ledger_city):
    api.force_authenticate(regulator)
    body = api.get(INDICATORS, {"park": "PB", "period": "2026-01"}).json()
    month = {row["code"]: row["month"] for row in body["indicators"]}
    # Park B reported no hazardous waste: nothing safely disposed is not 0 t, it is unknown.
    assert month["hazardous_safe_disposal"]["value"] is None
    assert month["hazardous_safe_disposal"]["no_data"] is True
    assert month["hazardous_safe_disposal"]["not_computable"] == (
        "No data: no ledger figures of hazardous waste."
    )
    assert month["general_storage_disposal"] == month["general_storage_disposal"] | {
        "value": 0.0,
        "no_data": False,
    }


def test_the_page_says_no_data_never_0(client, regulator, ledger_city):
    client.force_login(regulator)
    page = client.get("/indicators/", {"period": "2026-11"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    text = page.content.decode()
    # The month (November) and the whole year 2025 have none; the year to date has January
    # and February: only its cells show figures, and the tonnes handled unknown.
    assert text.count('<span class="muted no-data">无数据</span>') == 8 * 2
    assert text.count('class="handling-unknown"') == 3  # beside the year to date's rates


def test_the_dashboard_says_no_data_for_a_waste_nobody_reported(client, regulator, ledger_city):
    client.force_login(regulator)
    client.cookies["django_language"] = "en"
    response = client.get("/", {"park": "PB", "period": "2026-01"})
    tonnes = {str(row.label): row.month for row in response.context["summary"].tonnes}
    assert tonnes["Hazardous waste · Generated"].value is None
    assert tonnes["Hazardous waste · Generated"].no_data
    assert tonnes["General industrial solid waste · Generated"].value == 100.0
    indicators = {str(row.label): row.month for row in response.context["summary"].indicators}
    assert indicators["Industrial hazardous waste safely disposed"].no_data
