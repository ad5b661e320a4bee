"""The regulator opens a flag from the list, reads its chart, and confirms it with a note
without the page reloading, under the Content-Security-Policy."""

from datetime import date

import pytest

from detection.models import FlagReview
from tests.browser.test_city_map import log_in
from tests.browser.test_content_security_policy import LISTEN
from tests.factories import ledger_months
from wastewatch.periods import month_add

pytestmark = pytest.mark.browser


def test_the_regulator_confirms_a_flag_in_place(
    regulator, flag_a, enterprise_a, live_server, browser, no_tiles
):
    months = [month_add(date(2025, 10, 1), n) for n in range(14)]
    ledger_months(enterprise_a, months, [{"generated": 100.0, "transferred_out": 90.0}] * 14)
    page = browser.new_page()
    page.add_init_script(LISTEN)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, live_server.url, regulator.username)
    page.goto(f"{live_server.url}/flags/")
    page.click(f"a[href='/flags/{flag_a.pk}/']")
    page.wait_for_selector("[data-chart][data-drawn=true]", timeout=20_000)
    assert page.locator("#flag-evidence tr.flagged th").inner_text().startswith("2026-10")

    page.evaluate("window.__marker = 1")
    page.check("input[name=status][value=confirmed]")
    page.fill("textarea[name=note]", "Site visit booked.")
    page.click("#flag-review button[type=submit]")
    page.wait_for_selector("#flag-status[data-status=confirmed]", timeout=10_000)

    assert page.evaluate("window.__marker") == 1  # the same page: no reload
    assert "Site visit booked." in page.locator("#flag-review").inner_text()
    review = FlagReview.objects.get(flag=flag_a)
    assert (review.status, review.note) == ("confirmed", "Site visit booked.")
    assert page.evaluate("window.__csp") == []
    assert errors == []
