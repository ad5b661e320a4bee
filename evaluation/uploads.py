"""An evaluation's values as a spreadsheet: parks often keep their indicators in Excel. One
row per indicator (its number; a value, or 是/否 for a qualitative one; a note), saved like
values sent to the API: all or none, each problem with its row and reason."""

from django.conf import settings
from django.utils.translation import gettext as _

from evaluation.models import IndicatorValue, ParkEvaluation
from evaluation.services import ValueInput, ValuesRejected, indicator_values_set
from wastewatch.roles import User
from wastewatch.tabular import (
    CellsRejected,
    Columns,
    FileRejected,
    NotANumber,
    number_parse,
    table_read,
)

COLUMNS: Columns = {
    "number": ("序号", "number", True),
    "name": ("指标", "indicator", False),  # for the reader; the number decides
    "value": ("数值", "value", False),
    "note": ("备注", "note", False),
}
YES = {"是", "具备", "完善", "定期", "达到", "yes", "true", "1", "met"}
NO = {"否", "不具备", "未达到", "no", "false", "0", "not met"}


def evaluation_values_import(
    *, actor: User, evaluation: ParkEvaluation, name: str, data: bytes
) -> list[IndicatorValue]:
    """Read the file and save its values with source `uploaded`; raises FileRejected or
    ValuesRejected (items numbered by spreadsheet row) and saves nothing then."""
    try:
        table = table_read(
            name=name,
            data=data,
            columns=COLUMNS,
            free_text=frozenset({"name", "note"}),
            max_expanded=settings.TABLE_XLSX_MAX_EXPANDED_BYTES,
            max_rows=settings.TABLE_UPLOAD_MAX_ROWS,
        )
    except CellsRejected as rejected:
        raise ValuesRejected(
            [
                {"item": error["row"], "indicator": None, "reason": error["reason"]}
                for error in rejected.errors
            ]
        ) from None
    if table.attrs.get("notes"):
        # Values are saved all or none, and there is no report besides the refusal: a
        # workbook whose other sheets hold values is refused rather than half read.
        raise FileRejected(" ".join(str(note) for note in table.attrs["notes"]))
    qualitative = set(
        evaluation.edition.indicators.filter(direction="qualitative").values_list(
            "number", flat=True
        )
    )
    items, rows, problems = [], [], []
    for row, cells in table.iterrows():
        number, text = cells["number"], cells["value"]
        if not number.isdigit():
            problems.append({"item": int(row), "indicator": None, "reason": _("Not a number.")})
            continue
        note = cells["note"].strip()
        if int(number) in qualitative and text:
            met = True if text.lower() in YES else False if text.lower() in NO else None
            if met is None:
                problems.append(
                    {"item": int(row), "indicator": int(number), "reason": _("Write 是 or 否.")}
                )
                continue
            items.append(ValueInput(int(number), met=met, note=note))
        else:
            try:
                value = number_parse(text)
            except NotANumber as problem:
                problems.append(
                    {"item": int(row), "indicator": int(number), "reason": str(problem)}
                )
                continue
            items.append(ValueInput(int(number), value=value, note=note))
        rows.append(int(row))
    if problems:
        raise ValuesRejected(problems)
    try:
        return indicator_values_set(
            actor=actor,
            evaluation=evaluation,
            items=items,
            source=IndicatorValue.Source.UPLOADED,
        )
    except ValuesRejected as rejected:  # positions in the list → rows of the file
        for item in rejected.items:
            item["item"] = rows[item["item"] - 1]
        raise
