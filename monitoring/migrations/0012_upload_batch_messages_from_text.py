"""Batches finished before messages were stored as codes: their outcome, written in the
uploader's language, is recognised and kept as its code (so "已导入 460 项数据。" reads
"460 figures ingested." in English); anything else stays as text, shown as it is. Row errors
keep their reasons as text ({"text": …}) and name their column by its key where the label is
the template's. Nothing is lost: text that is not recognised stays in `message`."""

import re

from django.db import migrations

# The outcomes as the platform wrote them, in both languages, with their codes.
_OUTCOMES = [
    ("ledger.ingested", r"(?P<n>\d+) figures ingested\."),
    ("ledger.ingested", r"已导入 (?P<n>\d+) 项数据。"),
    ("ledger.rejected", r"(?P<n>\d+) errors?: nothing was ingested\."),
    ("ledger.rejected", r"共发现 (?P<n>\d+) 处错误，未导入任何数据。"),
    (
        "ledger.awaiting_confirmation",
        r"This file changes (?P<n>\d+) figures already reported\. Review them and confirm to "
        r"apply the correction\.",
    ),
    ("ledger.awaiting_confirmation", r"该文件将更改 (?P<n>\d+) 项已报送的数据。请核对后确认，以执行更正。"),
    ("ledger.correction_applied", r"Correction applied: (?P<n>\d+) figures changed\."),
    ("ledger.correction_applied", r"更正已生效：共更改 (?P<n>\d+) 项数据。"),
]
_PATTERNS = [(code, re.compile(rf"^{pattern}\s*(?P<rest>.*)$", re.S)) for code, pattern in _OUTCOMES]

# The ledger columns' labels as the reports wrote them, by key.
_COLUMNS = {
    "统一社会信用代码 (credit_code)": "credit_code",
    "期间 (period)": "period",
    "废物代码 (waste_code)": "waste_code",
    "流向 (flow)": "flow",
    "数量 (quantity)": "quantity",
    "单位 (unit)": "unit",
    "对方单位信用代码 (counterparty)": "counterparty",
    "转移用途 (transfer_purpose)": "purpose",
    "备注 (note)": "note",
}


def _outcome(text: str) -> tuple[str, dict, str] | None:
    for code, pattern in _PATTERNS:
        match = pattern.match(text.strip())
        if match:
            return code, {"n": int(match["n"])}, match["rest"].strip()
    return None


def _error(error: dict) -> dict:
    reason = error.get("reason")
    return {
        **error,
        "column": _COLUMNS.get(error.get("column") or "", error.get("column") or ""),
        "reason": {"text": reason} if isinstance(reason, str) else reason,
    }


def forwards(apps, schema_editor):
    UploadBatch = apps.get_model("monitoring", "UploadBatch")
    batches = UploadBatch.objects.filter(message_code="").exclude(message="", errors=[])
    for batch in batches.iterator(chunk_size=500):
        fields = ["errors"]
        batch.errors = [_error(error) for error in batch.errors]
        outcome = _outcome(batch.message)
        if outcome is not None:
            batch.message_code, batch.message_params, rest = outcome
            batch.notes = [{"text": rest}] if rest else []
            batch.message = ""
            fields += ["message_code", "message_params", "notes", "message"]
        batch.save(update_fields=fields)


_ENGLISH = {
    "ledger.ingested": "{n} figures ingested.",
    "ledger.rejected": "{n} errors: nothing was ingested.",
    "ledger.awaiting_confirmation": "This file changes {n} figures already reported. "
    "Review them and confirm to apply the correction.",
    "ledger.correction_applied": "Correction applied: {n} figures changed.",
}


def backwards(apps, schema_editor):
    """Recognised outcomes back to English text, for the schema without codes."""
    UploadBatch = apps.get_model("monitoring", "UploadBatch")
    for batch in UploadBatch.objects.filter(message_code__in=list(_ENGLISH)).iterator():
        text = _ENGLISH[batch.message_code].format(n=batch.message_params.get("n", ""))
        notes = [note["text"] for note in batch.notes if "text" in note]
        batch.message = " ".join([text, *notes])
        batch.save(update_fields=["message"])


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0011_upload_batch_message_code")]

    operations = [migrations.RunPython(forwards, backwards)]
