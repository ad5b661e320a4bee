"""The regulator logs in, lands on the dashboard with its trend drawn, and follows the number
of open flags to the flags list, without a single Content-Security-Policy violation."""

import pytest

from tests.browser.test_city_map import log_in
from tests.browser.test_content_security_policy import LISTEN

pytestmark = pytest.mark.browser


@pytest.mark.usefixtures("ledger_city")
def test_the_regulator_lands_on_the_dashboard_and_follows_the_open_flags(
    regulator, flag_a, live_server, browser
):
    page = browser.new_page(locale="zh-CN")
    page.add_init_script(LISTEN)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, live_server.url, regulator.username)
    page.wait_for_url(f"{live_server.url}/")
    page.wait_for_selector("[data-chart][data-drawn=true]", timeout=20_000)
    assert page.locator("#figures").count() == 1  # February 2026, the last month with ledgers
    violations = page.evaluate("window.__csp")

    page.click("#open-flags")
    page.wait_for_url("**/flags/?status=open")
    assert page.locator(f"a[href='/flags/{flag_a.pk}/']").count() == 1
    assert violations + page.evaluate("window.__csp") == []
    assert errors == []
