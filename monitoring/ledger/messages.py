"""What a ledger upload's report says, as message codes (wastewatch.messages), and the report
rendered for its reader: a batch checked for a Chinese-speaking operator reads in English for an
English-speaking regulator, the columns, flows and purposes in words."""

from django.utils.translation import gettext_lazy, ngettext_lazy

from monitoring.ledger.columns import COLUMNS
from monitoring.models import LedgerEntry, UploadBatch, WasteCategory
from wastewatch.messages import define, message_render
from wastewatch.tabular import column_header

# The batch's outcome.
INGESTED = define("ledger.ingested", gettext_lazy("%(n)d figures ingested."))
REJECTED = define(
    "ledger.rejected",
    ngettext_lazy("%(n)d error: nothing was ingested.", "%(n)d errors: nothing was ingested.", "n"),
)
AWAITING_CONFIRMATION = define(
    "ledger.awaiting_confirmation",
    gettext_lazy(
        "This file changes %(n)d figures already reported. Review them and "
        "confirm to apply the correction."
    ),
)
CORRECTION_APPLIED = define(
    "ledger.correction_applied", gettext_lazy("Correction applied: %(n)d figures changed.")
)
TOO_SLOW = define(
    "ledger.too_slow",
    gettext_lazy(
        "Processing took longer than the %(seconds)d s allowed and was stopped; nothing was "
        "stored. Split the file, or ask the operator to raise CELERY_TASK_SOFT_TIME_LIMIT."
    ),
)
PROCESSING_FAILED = define("ledger.processing_failed", gettext_lazy("Processing failed: %(error)s"))

# A row's problem.
REQUIRED = define("ledger.required", gettext_lazy("Required."))
ENTERPRISE_NOT_IN_SCOPE = define(
    "ledger.enterprise_not_in_scope",
    gettext_lazy("No enterprise %(code)s is registered in your scope."),
)
MONTH_IN_FUTURE = define("ledger.month_in_future", gettext_lazy("%(period)s is in the future."))
WASTE_CODE_FORM = define(
    "ledger.waste_code_form",
    gettext_lazy("Write the waste code as AAA-BBB-CC (8 digits), e.g. 321-024-48; got %(value)s."),
)
WASTE_CODE_CATEGORY = define(
    "ledger.waste_code_category",
    gettext_lazy("Waste code %(code)s belongs to HW%(cc)s, not to %(category)s."),
)
WASTE_CODE_UNLISTED = define(
    "ledger.waste_code_unlisted",
    gettext_lazy("Waste code %(code)s is not on the National Hazardous Waste List."),
)
WASTE_CATEGORY_UNKNOWN = define(
    "ledger.waste_category_unknown",
    gettext_lazy(
        "%(category)s, named by the last two digits of %(code)s, is not a category of the "
        "National Hazardous Waste List 2021."
    ),
)
WASTE_CODE_UNKNOWN = define(
    "ledger.waste_code_unknown",
    gettext_lazy(
        "Unknown waste code %(code)r: use a category (SW01…, HW01…) or an 8-digit "
        "code such as 321-024-48."
    ),
)
FLOW_UNKNOWN = define(
    "ledger.flow_unknown",
    gettext_lazy(
        "Unknown flow %(flow)r: use 期初贮存, 产生, 接收, 自行利用, 自行处置, "
        "委托利用/处置 or 期末贮存 (or opening_stock, generated, received, utilised, "
        "disposed, transferred_out, closing_stock)."
    ),
)
UNIT_UNKNOWN = define(
    "ledger.unit_unknown", gettext_lazy("Unknown unit %(unit)r: use t, kg or 万吨.")
)
QUANTITY_NEGATIVE = define(
    "ledger.quantity_negative", gettext_lazy("A quantity cannot be negative.")
)
QUANTITY_IMPLAUSIBLE = define(
    "ledger.quantity_implausible",
    gettext_lazy(
        "%(value)s %(unit)s = %(tonnes)s t is implausible for one month's figure (limit "
        "%(limit)s t)."
    ),
)
PURPOSE_UNKNOWN = define(
    "ledger.purpose_unknown",
    gettext_lazy(
        "Unknown transfer purpose %(purpose)r: use 委托利用, 委托处置 or 委托贮存 (or "
        "utilisation, disposal, storage), or leave it empty."
    ),
)
PURPOSE_NOT_A_TRANSFER = define(
    "ledger.purpose_not_a_transfer",
    gettext_lazy(
        "A transfer purpose belongs to a transfer out (委托利用/处置) only; this row's "
        "flow is %(flow)s."
    ),
)
REPEATED = define(
    "ledger.repeated", gettext_lazy("The same figure appears again (first at row %(row)d).")
)
BALANCE_IN_EXCEEDS = define(
    "ledger.balance_in_exceeds",
    gettext_lazy(
        "The ledger of %(waste)s for %(period)s (rows %(rows)s) does not balance: "
        "opening stock + generated + received exceed utilised + disposed + "
        "transferred out + closing stock by %(gap).3f t (tolerance %(tol).3f t)."
    ),
)
BALANCE_OUT_EXCEEDS = define(
    "ledger.balance_out_exceeds",
    gettext_lazy(
        "The ledger of %(waste)s for %(period)s (rows %(rows)s) does not balance: "
        "utilised + disposed + transferred out + closing stock exceed opening "
        "stock + generated + received by %(gap).3f t (tolerance %(tol).3f t)."
    ),
)


def column_label(column: str) -> str:
    """A column by its key, named by its header in the reader's language and the other
    language's after it ("流向 (flow)" / "flow (流向)"): the file may use either. A column
    stored by its label (batches checked before columns were stored as keys) stays as it is."""
    return message_render(column_header(COLUMNS, column)) if column in COLUMNS else column


def batch_message(batch: UploadBatch) -> str:
    """The batch's outcome and its notes, in the active language; a batch finished before
    messages were stored as codes shows its stored text."""
    if batch.message_code:
        parts = [message_render({"code": batch.message_code, "params": batch.message_params})]
    else:
        parts = [batch.message] if batch.message else []
    parts += [message_render(note) for note in batch.notes]
    return " ".join(part for part in parts if part)


def batch_errors(errors: list[dict]) -> list[dict]:
    """Row errors {row, column, value, reason} with the column and the reason in words of the
    active language."""
    return [
        {
            "row": error.get("row"),
            "column": column_label(error.get("column") or ""),
            "value": error.get("value"),
            "reason": message_render(error.get("reason")),
        }
        for error in errors
    ]


_FLOWS = dict(LedgerEntry.Flow.choices)
_PURPOSES = dict(LedgerEntry.Purpose.choices)


def batch_changes(changes: list[dict]) -> list[dict]:
    """Figures a correction changes, their waste category (with its name, from one lookup),
    flow and transfer purpose in words."""
    codes = {change.get("category") for change in changes}
    categories = {
        category.code: category for category in WasteCategory.objects.filter(code__in=codes)
    }
    return [
        {
            **change,
            "waste": categories.get(change.get("category")) or {"code": change.get("category")},
            "flow": str(_FLOWS.get(change.get("flow"), change.get("flow") or "")),
            "purpose": str(_PURPOSES.get(change.get("purpose"), change.get("purpose") or "")),
        }
        for change in changes
    ]
