"""A park operator's month, in the browser, with a real Celery worker over Redis: upload the
ledger, follow the check live, read the report (the row, the field, why) and download it,
upload the corrected file, and see its figures on the enterprise's page."""

import csv
import io
import os
import re

import pytest
from django.utils import timezone

from tests.browser.test_city_map import log_in
from tests.browser.test_content_security_policy import LISTEN
from tests.factories import EnterpriseFactory
from tests.monitoring.ledger_upload_helpers import CODE_A, HEADER, rows_csv
from tests.monitoring.real_worker import broker_in_use, start_worker
from wastewatch.periods import month_add

pytestmark = [pytest.mark.browser, pytest.mark.slow]

BROKER = os.environ.get("TEST_BROWSER_BROKER_URL", "redis://127.0.0.1:6379/12")


@pytest.fixture
def broker(transactional_db):
    yield from broker_in_use(BROKER)


def _ledger(month: str, generated: str) -> dict:
    content = rows_csv(
        [
            [CODE_A, month, "SW01", "期初贮存", "100", "t"],
            [CODE_A, month, "SW01", "产生", generated, "t"],
            [CODE_A, month, "SW01", "期末贮存", "1350", "t"],
        ],
        HEADER,
    )
    return {"name": f"台账-{month}.csv", "mimeType": "text/csv", "buffer": content}


def _upload(page, base_url: str, file: dict) -> None:
    page.goto(f"{base_url}/ledgers/")
    page.set_input_files("#id_file", files=[file])
    page.click("form[data-drop-zone] button[type=submit]")
    page.wait_for_url(re.compile(r".*/ledgers/\d+/$"))


def test_an_operator_uploads_corrects_and_sees_the_figures(
    broker, operator_a, park_a, catalogue, live_server, browser, tmp_path
):
    EnterpriseFactory(park=park_a, credit_code=CODE_A)
    month = f"{month_add(timezone.localdate(), -1):%Y-%m}"
    context = browser.new_context(locale="zh-CN", accept_downloads=True)
    page = context.new_page()
    page.add_init_script(LISTEN)
    log_in(page, live_server.url, operator_a.username)

    # The file goes in before any worker runs: the page can only learn the outcome live.
    _upload(page, live_server.url, _ledger(month, "125O"))
    assert page.locator("#upload-progress").count() == 1
    assert page.get_attribute("#upload-progress [data-status]", "data-status") == "received"
    worker = start_worker(tmp_path / "worker.log", broker=BROKER, env={})
    try:
        page.wait_for_selector("table.errors", timeout=60_000)  # followed, then reloaded once
        assert page.locator("#upload-progress").count() == 0
        assert page.inner_text("#batch-message") == "共发现 1 处错误，未导入任何数据。"
        cells = page.locator("table.errors tbody tr").first.locator("td").all_inner_texts()
        assert cells == ["3", "数量 (quantity)", "125O", "'125O' 不是有效的数字。"]
        with page.expect_download() as download:
            page.click("a[href$='/errors.csv']")
        report = download.value.path().read_text(encoding="utf-8-sig")
        assert list(csv.reader(io.StringIO(report))) == [
            ["行号", "列", "值", "原因"],
            ["3", "数量 (quantity)", "125O", "'125O' 不是有效的数字。"],
        ]

        _upload(page, live_server.url, _ledger(month, "1250"))
        page.wait_for_selector(".message.status-ingested", timeout=60_000)
        assert page.inner_text("#batch-message") == "已导入 3 项数据。"
    finally:
        worker.terminate()
        worker.wait(timeout=30)

    page.goto(f"{live_server.url}/enterprises/{CODE_A}/")
    flows = page.inner_text("#flows table.flows")
    assert "1,250.000" in flows and "1,350.000" in flows
    assert page.evaluate("window.__csp") == []
    context.close()
