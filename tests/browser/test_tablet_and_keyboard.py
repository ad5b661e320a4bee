"""At a tablet's width (768 px) no portal page scrolls sideways (wide tables scroll inside
themselves), numbers in tables align right, and a keyboard user skips the menu to the page's
content with the first Tab."""

import pytest

from tests.browser.test_city_map import log_in
from tests.factories import ManifestFactory, MonitoringPointFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def pages(ledger_city, flag_a, enterprise_a, enterprise_b):
    MonitoringPointFactory(enterprise=enterprise_a)
    ManifestFactory(generator=enterprise_a, receiver=enterprise_b)
    return [
        "/?period=2026-02",
        "/filing/?period=2026-02",
        "/parks/",
        "/parks/PA/",
        f"/enterprises/{ledger_city['G1'].credit_code}/",
        "/devices/",
        "/ledgers/",
        "/manifests/",
        "/flags/",
        "/indicators/?period=2026-02",
        "/reports/",
    ]


def test_no_page_overflows_a_tablet_and_numbers_align_right(regulator, pages, live_server, browser):
    page = browser.new_page(viewport={"width": 768, "height": 1024}, locale="zh-CN")
    log_in(page, live_server.url, regulator.username)
    page.wait_for_url(f"{live_server.url}/")
    for url in pages:
        page.goto(f"{live_server.url}{url}")
        page.wait_for_selector("main")
        widths = page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert widths[0] <= widths[1], (url, widths)
        # The menu has a full-width line under the brand, not a narrow column beside it.
        menu, header = page.evaluate(
            "[document.querySelector('.main-nav').offsetWidth,"
            " document.querySelector('header.topbar').clientWidth]"
        )
        assert menu > 0.9 * header, (url, menu, header)
    page.goto(f"{live_server.url}/manifests/")
    aligned = page.evaluate(
        "getComputedStyle(document.querySelector('table.data td.num')).textAlign"
    )
    assert aligned == "right"


def test_the_first_tab_skips_to_the_content(regulator, live_server, browser, db):
    page = browser.new_page()
    log_in(page, live_server.url, regulator.username)
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/parks/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")
    page.wait_for_url("**/parks/#main")
    assert page.evaluate("document.activeElement.id") == "main"
