"""An operator in the browser reaches only its own park: another park's page and another park's
enterprise answer with the portal's own "not found" page, in the operator's language, and the
search box does not reveal them."""

import pytest

from tests.browser.test_city_map import log_in
from tests.browser.test_content_security_policy import LISTEN

pytestmark = pytest.mark.browser


def test_an_operator_cannot_open_another_parks_pages(
    transactional_db, operator_a, enterprise_a, enterprise_b, live_server, browser
):
    page = browser.new_page(locale="zh-CN")
    page.add_init_script(LISTEN)
    log_in(page, live_server.url, operator_a.username)
    page.wait_for_url(f"{live_server.url}/")

    for path in (
        f"/parks/{enterprise_b.park.code}/",
        f"/enterprises/{enterprise_b.credit_code}/",
    ):
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 404, path
        # The portal's page, not the server's bare one: its header, its search box, in Chinese.
        assert page.locator("header #search-q").count() == 1
        assert page.inner_text("h1") == "页面不存在"
        assert enterprise_b.name not in page.content()

    page.fill("#search-q", "企业有限公司")
    page.press("#search-q", "Enter")
    page.wait_for_selector("main h1")
    found = page.inner_text("main")
    assert enterprise_a.name in found
    assert enterprise_b.name not in found

    response = page.goto(f"{live_server.url}/parks/{enterprise_a.park.code}/")
    assert response.status == 200
    assert enterprise_a.name in page.inner_text("main")
    assert page.evaluate("window.__csp") == []
