"""The language switch changes the whole batch page, the report stored for the upload included:
a file checked for a Chinese-speaking operator reads in English once the reader switches."""

import pytest
from django.utils import translation

from monitoring.ledger.services import ledger_upload_process, upload_batch_create
from tests.browser.test_city_map import log_in
from tests.browser.test_content_security_policy import LISTEN
from tests.factories import EnterpriseFactory
from tests.monitoring.ledger_upload_helpers import CODE_A, HEADER, rows_csv

pytestmark = pytest.mark.browser


def test_the_language_switch_changes_the_stored_upload_message(
    transactional_db, operator_a, park_a, catalogue, live_server, browser
):
    EnterpriseFactory(park=park_a, credit_code=CODE_A)
    content = rows_csv([[CODE_A, "2026-10", "SW01", "产生", "50", "bags"]], HEADER)
    with translation.override("zh-hans"):  # uploaded from the Chinese portal
        batch, _created = upload_batch_create(actor=operator_a, name="台账.csv", data=content)
        ledger_upload_process(batch_id=batch.pk)

    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.add_init_script(LISTEN)
    log_in(page, live_server.url, operator_a.username)
    page.goto(f"{live_server.url}/ledgers/{batch.pk}/")
    assert page.inner_text("#batch-message") == "共发现 1 处错误，未导入任何数据。"
    assert "无法识别的单位" in page.inner_text("table.errors")

    page.select_option("#language", "en")  # the switch submits itself
    page.wait_for_selector("html[lang=en]")
    assert page.url == f"{live_server.url}/ledgers/{batch.pk}/"
    assert page.inner_text("#batch-message") == "1 error: nothing was ingested."
    report = page.inner_text("table.errors")
    assert "Unknown unit 'bags': use t, kg or 万吨." in report
    assert "unit (单位)" in report
    assert "无法识别" not in page.inner_text("main")

    page.select_option("#language", "zh-hans")
    page.wait_for_selector("html[lang=zh-hans]")
    assert page.inner_text("#batch-message") == "共发现 1 处错误，未导入任何数据。"
    assert page.evaluate("window.__csp") == []
    context.close()
