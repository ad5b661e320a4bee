"""Writing validated ledger lines: PostgreSQL's COPY for speed, bulk_create elsewhere."""

import io

import pandas as pd
from django.db import connection
from django.utils import timezone

from monitoring.models import LedgerEntry, UploadBatch

COPY_COLUMNS = [
    "enterprise_id",
    "category_id",
    "waste_code",
    "period",
    "flow",
    "counterparty",
    "purpose",
    "quantity_t",
    "source",
    "batch_id",
    "created_by_id",
    "created_at",
]


def ledger_lines_insert(*, lines: pd.DataFrame, batch: UploadBatch) -> int:
    """Insert lines (LINE_KEY + quantity_t) as current entries of the batch; returns the count.

    Runs inside the caller's transaction; the partial unique constraint on current lines makes
    a second insert of the same lines fail rather than duplicate them.
    """
    if lines.empty:
        return 0
    now = timezone.now()
    if connection.vendor == "postgresql":
        out = pd.DataFrame(
            {
                "enterprise_id": lines["enterprise_id"].astype("int64"),
                "category_id": lines["category_id"].astype("int64"),
                "waste_code": lines["waste_code"],
                "period": lines["period"].astype(str),
                "flow": lines["flow"],
                "counterparty": lines["counterparty"],
                "purpose": lines["purpose"],
                "quantity_t": lines["quantity_t"].map("{:.3f}".format),
                "source": LedgerEntry.Source.UPLOAD.value,
                "batch_id": batch.pk,
                "created_by_id": batch.uploaded_by_id,
                "created_at": now.isoformat(),
            }
        )
        buffer = io.StringIO()
        out.to_csv(buffer, sep="\t", header=False, index=False)
        table = LedgerEntry._meta.db_table
        with (
            connection.cursor() as cursor,
            cursor.copy(
                f"COPY {table} ({', '.join(COPY_COLUMNS)}) FROM STDIN WITH (FORMAT csv, "
                "DELIMITER E'\\t', FORCE_NOT_NULL (waste_code, counterparty, purpose))"
            ) as copy,
        ):
            copy.write(buffer.getvalue())
        return len(out)
    entries = [
        LedgerEntry(
            enterprise_id=int(row.enterprise_id),
            category_id=int(row.category_id),
            waste_code=row.waste_code,
            period=row.period,
            flow=row.flow,
            counterparty=row.counterparty,
            purpose=row.purpose,
            quantity_t=f"{row.quantity_t:.3f}",
            source=LedgerEntry.Source.UPLOAD,
            batch=batch,
            created_by_id=batch.uploaded_by_id,
            created_at=now,
        )
        for row in lines.itertuples()
    ]
    LedgerEntry.objects.bulk_create(entries, batch_size=2000)
    return len(entries)


def ledger_entries_supersede(*, entry_ids: list[int], batch: UploadBatch) -> int:
    now = timezone.now()
    count = 0
    for start in range(0, len(entry_ids), 5000):
        count += LedgerEntry.objects.filter(
            pk__in=entry_ids[start : start + 5000], superseded_at__isnull=True
        ).update(superseded_at=now, superseded_by_batch=batch)
    return count
