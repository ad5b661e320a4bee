"""The regulator opens Reports, issues a month for a park, and downloads its files."""

import pytest

from reports.models import ComplianceReport, ReportDownload
from tests.browser.test_city_map import log_in
from tests.reports.conftest import report_city  # noqa: F401  (the small city, by hand)

pytestmark = pytest.mark.browser


@pytest.mark.usefixtures("report_city")
def test_the_regulator_issues_a_month_and_downloads_the_pdf(
    regulator, live_server, browser, tmp_path
):
    page = browser.new_page(locale="zh-CN")
    log_in(page, live_server.url, regulator.username)
    page.goto(f"{live_server.url}/reports/")
    page.fill("#id_period", "2026-01")
    page.select_option("#id_park", "PA")
    page.click("form.inline-form button[type=submit]")
    # The build's page follows its steps, then offers the files.
    page.wait_for_selector("progress")
    page.wait_for_selector("a[href$='/pdf/']", timeout=60_000)
    report = ComplianceReport.objects.get()
    assert (report.park.code, report.version, report.issued_by) == ("PA", 1, regulator)

    with page.expect_download() as download:
        page.click("a[href$='/pdf/']")
    saved = tmp_path / "report.pdf"
    download.value.save_as(saved)
    assert saved.read_bytes()[:5] == b"%PDF-"
    assert ReportDownload.objects.get().via == "portal"
