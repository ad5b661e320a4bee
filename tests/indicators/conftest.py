"""Ledgers of small cities, uploaded through the real upload path with every column the format
has (the transfer purpose among them)."""

import pytest
from django.contrib.auth import get_user_model

from monitoring.ledger.columns import COLUMNS
from monitoring.ledger.services import ledger_upload_process, upload_batch_create
from monitoring.models import UploadBatch
from wastewatch.tabular_write import csv_bytes

HEADER = [zh for zh, _en, _required in COLUMNS.values()]


@pytest.fixture
def upload_ledger(catalogue):
    """upload_ledger([(credit code, month, waste, flow, t, counterparty, purpose), …]):
    ingested as staff, or the test fails with the upload's errors."""
    admin = get_user_model().objects.create(
        username="ledger-staff", is_staff=True, is_superuser=True
    )

    def upload(rows: list[tuple[str, ...]]) -> None:
        body = [
            {"credit_code": code, "period": month, "waste_code": waste, "flow": flow}
            | {"quantity": t, "unit": "t", "counterparty": other, "purpose": purpose}
            for code, month, waste, flow, t, other, purpose in rows
        ]
        data = csv_bytes([HEADER, *([row.get(key, "") for key in COLUMNS] for row in body)])
        batch, _created = upload_batch_create(actor=admin, name="city.csv", data=data)
        ledger_upload_process(batch_id=batch.pk)
        batch.refresh_from_db()
        assert batch.status == UploadBatch.Status.INGESTED, batch.errors

    return upload
