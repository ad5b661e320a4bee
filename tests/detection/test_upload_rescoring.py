"""The rescoring an upload queues after its commit: whatever happens to it, the upload stays
ingested; and it scores the upload's enterprises."""

import pytest

from detection.models import Flag
from monitoring.ledger.services import upload_batch_create
from monitoring.models import LedgerEntry, UploadBatch
from tests.monitoring.test_ledger_upload_api import BALANCED, CODE_A


@pytest.fixture
def uploader(transactional_db, operator_a, park_a, catalogue):
    from tests.factories import EnterpriseFactory

    EnterpriseFactory(park=park_a, credit_code=CODE_A)
    return operator_a


def test_it_keeps_the_upload_ingested_when_its_rescoring_fails(uploader, monkeypatch, caplog):
    import detection.services as detection

    def broken(**kwargs):
        raise RuntimeError("scoring broke")

    monkeypatch.setattr(detection, "flags_score", broken)
    batch, _created = upload_batch_create(actor=uploader, name="ledger.csv", data=BALANCED)

    batch.refresh_from_db()
    assert batch.status == UploadBatch.Status.INGESTED, batch.message
    assert LedgerEntry.objects.filter(batch=batch).count() == 5
    assert "scoring broke" in caplog.text  # logged, not swallowed silently


def test_it_rescores_the_uploaded_enterprise_after_the_commit(fixed_clock, uploader):
    from datetime import date

    from monitoring.models import TicketRollup, WasteCategory
    from parks.models import Enterprise

    TicketRollup.objects.create(
        enterprise=Enterprise.objects.get(credit_code=CODE_A),
        category=WasteCategory.objects.get(code="SW01"),
        direction="out",
        day=date(2026, 10, 20),
        tickets=500,
        net_t=16000,
    )
    batch, _created = upload_batch_create(actor=uploader, name="ledger.csv", data=BALANCED)
    batch.refresh_from_db()
    assert batch.status == UploadBatch.Status.INGESTED
    assert Flag.objects.filter(kind="measured_vs_reported").count() == 1
