"""A regulator finds an enterprise from the search box every page has, by part of its Chinese
name, and opens its page; no Content-Security-Policy violation on the way."""

import pytest

from tests.browser.test_city_map import log_in
from tests.browser.test_content_security_policy import LISTEN
from tests.factories import EnterpriseFactory

pytestmark = pytest.mark.browser


def test_a_regulator_finds_an_enterprise_by_part_of_its_name(
    transactional_db, regulator, park_a, live_server, browser
):
    steel = EnterpriseFactory(park=park_a, name="包头钢铁（集团）有限责任公司")
    EnterpriseFactory(park=park_a, name="包头铝业有限公司")
    page = browser.new_page(locale="zh-CN")
    page.add_init_script(LISTEN)
    log_in(page, live_server.url, regulator.username)
    page.goto(f"{live_server.url}/flags/")
    page.fill("#search-q", "钢铁")
    page.press("#search-q", "Enter")
    page.wait_for_selector("table.data a")
    assert page.inner_text("table.data tbody").count("有限") == 1
    assert page.evaluate("window.__csp") == []
    page.click(f"a[href='/enterprises/{steel.credit_code}/']")
    page.wait_for_selector("h1")
    assert steel.name in page.inner_text("h1")
    assert page.evaluate("window.__csp") == []
