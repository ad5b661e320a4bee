"""The regulator follows a flag to its enterprise's page: the flows are drawn as a chart beside
their table, under the Content-Security-Policy without a violation."""

from datetime import date

import pytest

from tests.browser.test_city_map import log_in
from tests.browser.test_content_security_policy import LISTEN
from tests.factories import ledger_months

pytestmark = pytest.mark.browser


def test_the_regulator_opens_the_enterprise_of_a_flag(regulator, flag_a, live_server, browser):
    enterprise = flag_a.enterprise
    ledger_months(
        enterprise,
        [date(2026, 9, 1), date(2026, 10, 1)],
        [{"generated": 900, "transferred_out": 900}, {"generated": 1200, "transferred_out": 1200}],
    )
    page = browser.new_page()
    page.add_init_script(LISTEN)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, live_server.url, regulator.username)
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/flags/")
    page.click(f"a[href='/enterprises/{enterprise.credit_code}/']")
    page.wait_for_selector("#flows [data-chart][data-drawn=true]", timeout=20_000)
    assert page.url == f"{live_server.url}/enterprises/{enterprise.credit_code}/"
    table = page.locator("#flows table.flows")
    assert table.locator("caption").count() == 1
    assert "1,200.000" in table.inner_text()
    assert page.locator("#weighed [data-chart][data-drawn=true]").count() == 1
    assert page.evaluate("window.__csp") == []
    assert errors == []
