"""Ledger uploads: receive a file, validate it whole, and ingest it whole or not at all.

A file that changes figures already reported is a correction: its batch waits for the
uploader to confirm the listed changes, then supersedes the old entries (never overwrites).
"""

import hashlib
import json
import logging
import time
from datetime import date

import pandas as pd
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from monitoring.ledger import messages as m
from monitoring.ledger.columns import COLUMN_LABELS, COLUMNS, HEADER_ALIASES, TEMPLATE_SHEETS
from monitoring.ledger.validation import (
    BALANCE_KEY,
    LINE_KEY,
    LedgerContext,
    balance_groups,
    ledger_rows_validate,
)
from monitoring.ledger.writer import ledger_entries_supersede, ledger_lines_insert
from monitoring.models import LedgerEntry, UploadBatch, WasteCategory
from monitoring.signals import ledger_figures_changed
from parks.selectors import enterprise_codes, enterprise_list_reportable
from wastewatch.audit import audit
from wastewatch.messages import Message, message_json
from wastewatch.roles import User, is_staff_admin
from wastewatch.tabular import (
    CellsRejected,
    FileRejected,
    table_read,
    upload_too_large_message,
    visible,
)

Status = UploadBatch.Status
logger = logging.getLogger(__name__)


def upload_batch_create(*, actor: User, name: str, data: bytes) -> tuple[UploadBatch, bool]:
    """Store the file and queue its processing; the same file again from the same person
    returns their first batch. Deduplication never crosses uploaders: another person's
    identical file is processed under that person's own rights, and never shows them a batch
    that is not theirs.

    Returns (batch, created).
    """
    if not enterprise_list_reportable(user=actor).exists():
        raise PermissionDenied(_("Your account may not report ledgers for any enterprise."))
    if len(data) > settings.LEDGER_UPLOAD_MAX_BYTES:
        raise ValidationError({"file": upload_too_large_message(settings.LEDGER_UPLOAD_MAX_BYTES)})
    digest = hashlib.sha256(data).hexdigest()
    mine = UploadBatch.objects.filter(uploaded_by=actor, sha256=digest)
    existing = mine.first()
    if existing is not None:
        return existing, False
    file_format = "xlsx" if name.lower().endswith(".xlsx") else "csv"
    batch = UploadBatch(
        language=get_language() or settings.LANGUAGE_CODE,
        uploaded_by=actor,
        original_name=visible(name)[:255],  # a file name is text like any cell
        sha256=digest,
        size=len(data),
        format=file_format,
        file=ContentFile(data, name=f"{digest[:16]}.{file_format}"),
    )
    try:
        # The savepoint lets a caller's transaction survive a concurrent duplicate.
        with transaction.atomic():
            batch.save()
            audit("upload.received", actor=actor, batch=batch.pk, file=batch.original_name)
            # robust: without a broker the task runs here; its failure is recorded on the batch
            transaction.on_commit(lambda: _enqueue(batch.pk), robust=True)
    except IntegrityError:
        # The same person sent the same file at the same moment: the insert waited for the
        # other one's commit, so its batch is there to answer with.
        if batch.file:
            batch.file.delete(save=False)
        existing = mine.first()
        if existing is None:
            raise
        return existing, False
    return batch, True


def _announce_on_commit(lines: pd.DataFrame) -> None:
    """New figures may raise or clear flags of their enterprises: say so once they are stored."""
    ids = sorted(int(i) for i in lines["enterprise_id"].unique())
    transaction.on_commit(
        lambda: ledger_figures_changed.send(sender=LedgerEntry, enterprise_ids=ids), robust=True
    )


def _enqueue(batch_id: int) -> None:
    from monitoring.tasks import ledger_upload_process_task

    ledger_upload_process_task.delay(batch_id)


def _context(batch: UploadBatch) -> LedgerContext:
    today = timezone.localdate()
    return LedgerContext(
        categories=dict(WasteCategory.objects.values_list("code", "id")),
        enterprises=dict(
            enterprise_list_reportable(user=batch.uploaded_by).values_list("credit_code", "id")
        ),
        current_month=date(today.year, today.month, 1),
    )


_COLUMN_KEYS = {label: key for key, label in COLUMN_LABELS.items()}


def _cell_errors(errors: list[dict]) -> list[dict]:
    """The reader's refusals of cells, stored like validation's: column by key, reason as code."""
    return [
        {
            **error,
            "column": _COLUMN_KEYS.get(error["column"], error["column"]),
            "reason": message_json(error["reason"]),
        }
        for error in errors
    ]


def _validated(
    batch: UploadBatch,
) -> tuple[pd.DataFrame | None, list[dict], Message | str | None, list[Message]]:
    """(clean lines, errors, file-level refusal, notes for the report) for the batch's file."""
    started = time.perf_counter()
    with batch.file.open("rb") as handle:
        data = handle.read()
    try:
        table = table_read(
            name=batch.original_name,
            data=data,
            columns=COLUMNS,
            aliases=HEADER_ALIASES,
            known_sheets=TEMPLATE_SHEETS,
        )
    except CellsRejected as rejected:
        return None, _cell_errors(rejected.errors), None, []
    except FileRejected as rejected:
        return None, [], rejected.args[0] if rejected.args else str(rejected), []
    notes = list(table.attrs.get("notes", []))
    total = len(table)
    UploadBatch.objects.filter(pk=batch.pk).update(rows_total=total)

    def progress(fraction: float) -> None:
        UploadBatch.objects.filter(pk=batch.pk).update(rows_checked=int(total * fraction))

    read_at = time.perf_counter()
    result = ledger_rows_validate(table, _context(batch), progress)
    logger.info(
        "upload %s: %d rows read in %.2f s, validated in %.2f s",
        batch.pk,
        total,
        read_at - started,
        time.perf_counter() - read_at,
    )
    return result.clean, result.errors, None, notes


def _changes(lines: pd.DataFrame) -> tuple[list[dict], list[int], pd.DataFrame]:
    """Against the current entries of the wastes and months the file covers, each waste and
    month as a whole (its balance group): (changes, ids of entries to supersede, lines to
    insert). A correction of one 8-digit code leaves its sibling codes' figures current.
    Unchanged lines are neither superseded nor inserted."""
    covered = balance_groups(lines).drop_duplicates()
    current = pd.DataFrame.from_records(
        LedgerEntry.objects.filter(
            superseded_at__isnull=True,
            enterprise_id__in=covered["enterprise_id"].unique().tolist(),
            period__in=covered["period"].unique().tolist(),
        ).values_list("id", *LINE_KEY, "quantity_t"),
        columns=["id", *LINE_KEY, "old"],
    )
    if current.empty:
        return [], [], lines
    # Only the covered wastes and months; a group keyed by its category alone covers the
    # category's every code.
    whole = covered.loc[covered["waste_code"] == "", ["enterprise_id", "category_id", "period"]]
    current = pd.concat(
        [current.merge(covered, on=BALANCE_KEY), current.merge(whole, on=whole.columns.tolist())]
    ).drop_duplicates("id")
    current["old"] = current["old"].astype(float)
    merged = lines.merge(current, on=LINE_KEY, how="outer", indicator=True)
    added = merged["_merge"] == "left_only"
    removed = merged["_merge"] == "right_only"
    changed = (merged["_merge"] == "both") & ((merged["quantity_t"] - merged["old"]).abs() > 5e-4)
    touched = merged[added | removed | changed]
    insert = touched[~removed[touched.index]][[*LINE_KEY, "quantity_t", "row"]]
    if not (removed | changed).any():
        return [], [], insert  # only new lines: nothing to confirm
    codes = _labels(touched)
    changes = [
        {
            "enterprise": codes["enterprise"][row.enterprise_id],
            "category": codes["category"][row.category_id],
            "waste_code": row.waste_code,
            "period": f"{row.period:%Y-%m}",
            "flow": row.flow,
            "counterparty": row.counterparty,
            "purpose": row.purpose,
            "old": None if pd.isna(row.old) else f"{row.old:.3f}",
            "new": None if pd.isna(row.quantity_t) else f"{row.quantity_t:.3f}",
        }
        for row in touched.itertuples()
    ]
    supersede = touched.loc[~added[touched.index], "id"].astype("int64").tolist()
    return changes, supersede, insert


def _labels(frame: pd.DataFrame) -> dict[str, dict[int, str]]:
    return {
        "enterprise": enterprise_codes(ids=frame["enterprise_id"].unique().tolist()),
        "category": dict(WasteCategory.objects.values_list("id", "code")),
    }


def _digest(changes: list[dict]) -> str:
    return hashlib.sha256(json.dumps(changes, sort_keys=True).encode()).hexdigest()


def _outcome(message: Message | str, notes: list[Message] | None = None) -> dict:
    """The batch's fields that keep its message as a code, rendered when it is read (a
    refusal that is not one of the platform's messages is kept as its text)."""
    stored = message_json(message)
    fields = {
        "message_code": stored.get("code", ""),
        "message_params": stored.get("params", {}),
        "message": stored.get("text", ""),
    }
    if notes is not None:
        fields["notes"] = [message_json(note) for note in notes]
    return fields


def _finish(batch_id: int, **fields) -> None:
    UploadBatch.objects.filter(pk=batch_id).update(finished_at=timezone.now(), **fields)
    audit(
        "upload.finished",
        actor=UploadBatch.objects.filter(pk=batch_id).values_list("uploaded_by__username").get()[0],
        batch=batch_id,
        status=fields.get("status", ""),
        rows_ingested=fields.get("rows_ingested", 0),
    )


def ledger_upload_process(*, batch_id: int) -> None:
    """Validate the batch's file; ingest it, or reject it with its report, or hold it for the
    uploader's confirmation when it corrects figures already reported. The report is stored
    as message codes, rendered in each reader's language.

    Safe to run twice or after a crash: only a batch still received or validating is worked
    on, and the final write re-checks the status under a row lock in its transaction.
    """
    claimed = UploadBatch.objects.filter(
        pk=batch_id, status__in=[Status.RECEIVED, Status.VALIDATING]
    ).update(status=Status.VALIDATING)
    if not claimed:
        return
    batch = UploadBatch.objects.get(pk=batch_id)
    lines, errors, message, notes = _validated(batch)
    if message or errors:
        limit = settings.LEDGER_MAX_REPORTED_ERRORS
        _finish(
            batch_id,
            status=Status.REJECTED,
            errors=errors[:limit],
            error_count=len(errors),
            **_outcome(message or m.REJECTED(n=len(errors)), notes),
        )
        return
    with transaction.atomic():
        locked = UploadBatch.objects.select_for_update().get(pk=batch_id)
        if locked.status != Status.VALIDATING:
            return
        changes, _supersede, insert = _changes(lines)
        if changes:
            _finish(
                batch_id,
                status=Status.AWAITING_CONFIRMATION,
                changes=changes[: settings.LEDGER_MAX_REPORTED_ERRORS],
                change_count=len(changes),
                changes_digest=_digest(changes),
                rows_checked=len(lines),
                **_outcome(m.AWAITING_CONFIRMATION(n=len(changes)), notes),
            )
            return
        written_at = time.perf_counter()
        inserted = ledger_lines_insert(lines=insert, batch=locked)
        transaction.on_commit(
            lambda: logger.info(
                "upload %s: %d figures written in %.2f s (with the commit)",
                batch_id,
                inserted,
                time.perf_counter() - written_at,
            )
        )
        _announce_on_commit(lines)
        _finish(
            batch_id,
            status=Status.INGESTED,
            rows_checked=len(lines),
            rows_ingested=inserted,
            **_outcome(m.INGESTED(n=inserted), notes),
        )


def ledger_upload_confirm(*, actor: User, batch: UploadBatch) -> UploadBatch:
    """Apply a correction the uploader reviewed: supersede the old figures, add the new.
    A refusal is said in the language of the person confirming."""
    if actor.pk != batch.uploaded_by_id and not is_staff_admin(actor):
        raise PermissionDenied(_("Only the person who uploaded the file can confirm it."))
    if batch.status != Status.AWAITING_CONFIRMATION:
        raise ValidationError(
            _("This upload is not waiting for a confirmation (it is %(status)s).")
            % {"status": batch.get_status_display()}
        )
    lines, errors, message, _notes = _validated(batch)
    if message or errors:
        raise ValidationError(_("The file no longer validates; upload it again."))
    with transaction.atomic():
        locked = UploadBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.status != Status.AWAITING_CONFIRMATION:
            raise ValidationError(_("This upload was already confirmed."))
        changes, supersede, insert = _changes(lines)
        if _digest(changes) != locked.changes_digest:
            _finish(
                batch.pk,
                changes=changes[: settings.LEDGER_MAX_REPORTED_ERRORS],
                change_count=len(changes),
                changes_digest=_digest(changes),
            )
            raise ValidationError(
                _(
                    "The reported figures changed since you reviewed them; "
                    "review the updated list and confirm again."
                )
            )
        ledger_entries_supersede(entry_ids=supersede, batch=locked)
        _announce_on_commit(lines)
        inserted = ledger_lines_insert(lines=insert, batch=locked)
        _finish(
            batch.pk,
            status=Status.INGESTED,
            rows_ingested=inserted,
            confirmed_by=actor,
            confirmed_at=timezone.now(),
            **_outcome(m.CORRECTION_APPLIED(n=len(changes))),
        )
    batch.refresh_from_db()
    return batch


def upload_batch_fail(*, batch_id: int, reason: Message) -> None:
    """A processing crash that retries could not mend: say so on the batch."""
    _finish(batch_id, status=Status.FAILED, **_outcome(reason))
