"""An operator follows an upload being checked: the progress moves without the page reloading,
and once the file is rejected the page shows the row-by-row report; the upload form takes a
dropped file."""

import pytest

from monitoring.models import UploadBatch
from tests.browser.test_city_map import log_in
from tests.browser.test_content_security_policy import LISTEN
from tests.factories import EnterpriseFactory

pytestmark = pytest.mark.browser


def test_the_progress_moves_without_a_reload_then_the_report_shows(
    transactional_db, operator_a, live_server, browser
):
    batch = UploadBatch.objects.create(
        uploaded_by=operator_a,
        file="ledger-uploads/ledger.csv",
        original_name="ledger.csv",
        sha256="1" * 64,
        size=10,
        format="csv",
        status=UploadBatch.Status.VALIDATING,
        rows_total=400,
        rows_checked=100,
    )
    page = browser.new_page()
    page.add_init_script(LISTEN)
    log_in(page, live_server.url, operator_a.username)
    page.goto(f"{live_server.url}/ledgers/{batch.pk}/")
    assert page.get_attribute("#upload-progress progress", "value") == "25"
    page.evaluate("window.__sameDocument = true")

    UploadBatch.objects.filter(pk=batch.pk).update(rows_checked=300)
    page.wait_for_selector('#upload-progress progress[value="75"]', timeout=10_000)
    assert page.evaluate("window.__sameDocument === true")  # moved without a reload
    assert page.evaluate("window.__csp") == []  # htmx under the Content-Security-Policy

    UploadBatch.objects.filter(pk=batch.pk).update(
        status=UploadBatch.Status.REJECTED,
        errors=[{"row": 3, "column": "unit", "value": "bags", "reason": "Unknown unit."}],
        error_count=1,
    )
    page.wait_for_selector("table.errors", timeout=10_000)  # reloaded once, with the report
    assert "bags" in page.inner_text("table.errors")
    assert page.query_selector("#upload-progress") is None
    assert page.evaluate("window.__csp") == []


def test_the_upload_form_takes_a_dropped_file(
    transactional_db, operator_a, park_a, live_server, browser
):
    EnterpriseFactory(park=park_a)
    page = browser.new_page()
    log_in(page, live_server.url, operator_a.username)
    page.goto(f"{live_server.url}/ledgers/")
    dropped = page.evaluate_handle(
        """() => {
            const data = new DataTransfer();
            data.items.add(new File(["credit_code,period\\n"], "dropped.csv", {type: "text/csv"}));
            return data;
        }"""
    )
    page.dispatch_event("[data-drop-zone]", "drop", {"dataTransfer": dropped})
    assert page.evaluate("document.querySelector('#id_file').files[0].name") == "dropped.csv"
