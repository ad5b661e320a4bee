"""An upload's page follows the check live (htmx asks for the progress every 2 seconds) instead
of reloading itself, and reloads once, when the batch is done, to show its report."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from monitoring.models import UploadBatch
from tests.factories import EnterpriseFactory
from tests.monitoring.test_ledger_upload_api import BALANCED, CODE_A


@pytest.fixture
def received(client, operator_a, park_a, catalogue):
    """A batch uploaded but not yet checked (its task runs when the transaction commits)."""
    EnterpriseFactory(park=park_a, credit_code=CODE_A)
    client.force_login(operator_a)
    response = client.post("/ledgers/", {"file": SimpleUploadedFile("ledger.csv", BALANCED)})
    assert response.status_code == 302
    return UploadBatch.objects.get()


def test_the_page_of_a_batch_being_checked_polls_its_progress(client, received):
    html = client.get(f"/ledgers/{received.pk}/").content.decode()
    assert f'hx-get="/ledgers/{received.pk}/progress/"' in html
    assert 'hx-trigger="every 2s"' in html
    assert "vendor/htmx/htmx.min.js" in html
    # Without JavaScript the page still refreshes itself; with it, it never does.
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in html


def test_the_progress_says_how_far_the_check_is(client, received):
    UploadBatch.objects.filter(pk=received.pk).update(
        status=UploadBatch.Status.VALIDATING, rows_total=200, rows_checked=50
    )
    response = client.get(f"/ledgers/{received.pk}/progress/")
    assert response.status_code == 200
    assert "HX-Refresh" not in response
    html = response.content.decode()
    assert 'value="25"' in html and 'data-status="validating"' in html
    assert "<html" not in html  # a fragment, not a page


def test_once_done_the_page_is_told_to_reload_once(client, received):
    UploadBatch.objects.filter(pk=received.pk).update(status=UploadBatch.Status.INGESTED)
    response = client.get(f"/ledgers/{received.pk}/progress/")
    assert response["HX-Refresh"] == "true"
    assert "hx-get" not in response.content.decode()  # no more polling
    page = client.get(f"/ledgers/{received.pk}/").content.decode()
    assert "hx-get" not in page and "refresh" not in page


def test_another_operator_cannot_follow_it(client, received, operator_b):
    client.force_login(operator_b)
    assert client.get(f"/ledgers/{received.pk}/progress/").status_code == 404
