"""Economic figures: each enterprise's monthly gross industrial output value and industrial
value added, uploaded as CSV/XLSX or sent to the API, stored in 万元 (10,000 yuan).

They are the denominators of intensities (t/万元) in park evaluations and city indicators,
and tell a plant that produced less from one that reported less waste. A file is saved whole
or not at all; every problem names its row, column, value and reason.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parks.models import EconomicFigure
from parks.selectors import enterprise_list_reportable
from wastewatch.roles import User
from wastewatch.tabular import (
    FREE_TEXT,
    CellsRejected,
    Columns,
    FileRejected,
    NotANumber,
    column_labels,
    month_message,
    month_parse,
    number_parse,
    table_read,
    visible,
)
from wastewatch.tabular_write import csv_bytes
from wastewatch.text import InvalidText, check_printable, normalize_code

COLUMNS: Columns = {
    "credit_code": ("统一社会信用代码", "credit_code", True),
    "period": ("期间", "period", True),
    "output_value": ("工业总产值", "output_value", False),
    "value_added": ("工业增加值", "value_added", False),
    "unit": ("单位", "unit", False),
    "note": ("备注", "note", False),
}
LABELS = column_labels(COLUMNS)
# Multipliers to 万元 (10,000 yuan), the unit of China's industrial statistics.
UNIT_10K_YUAN = {
    "": Decimal(1),
    "万元": Decimal(1),
    "10k yuan": Decimal(1),
    "元": Decimal("0.0001"),
    "yuan": Decimal("0.0001"),
    "千元": Decimal("0.1"),
    "百万元": Decimal(100),
    "亿元": Decimal(10000),
}
FIGURES = ("output_value", "value_added")
MAX_10K_YUAN = Decimal("1e13")  # the column's 16 digits, 2 after the point


@dataclass
class FiguresSaved:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def economic_figures_import(
    *, actor: User, name: str, data: bytes, max_rows: int | None = None
) -> FiguresSaved:
    """Read an uploaded CSV/XLSX (Chinese or English headers) and save it whole or not at all;
    `max_rows` bounds a file read inside a request (the demo loaders send larger ones)."""
    try:
        table = table_read(
            name=name,
            data=data,
            columns=COLUMNS,
            max_expanded=settings.TABLE_XLSX_MAX_EXPANDED_BYTES,
            max_rows=max_rows,
        )
    except CellsRejected as rejected:
        return FiguresSaved(errors=rejected.errors)
    except FileRejected as rejected:
        return FiguresSaved(errors=[_error(None, "", "", str(rejected))])
    rows = [(int(number), dict(cells)) for number, cells in table.iterrows()]
    saved = economic_figures_save(actor=actor, rows=rows, source=visible(name))
    saved.notes = list(table.attrs.get("notes", []))
    return saved


def _cells(cells: dict[str, str]) -> tuple[dict[str, str], list[tuple[str, str, str]]]:
    """Cells as validation reads them (NFKC-folded, trimmed), and those refused for a control
    character: JSON items get the same folding as a file's cells."""
    clean, problems = {}, []
    for key in COLUMNS:
        raw = str(cells.get(key, "") or "")
        try:
            clean[key] = (
                check_printable(raw, multiline=True).strip()
                if key in FREE_TEXT
                else normalize_code(raw)
            )
        except InvalidText as invalid:
            clean[key] = ""
            problems.append(
                (
                    key,
                    visible(raw),
                    _("The cell holds a control character: %(reason)s.") % {"reason": invalid},
                )
            )
    return clean, problems


def economic_figures_save(
    *, actor: User, rows: Iterable[tuple[int, dict[str, str]]], source: str
) -> FiguresSaved:
    """Validate every row (row number, text cells by column key), then create or update the
    figures in one transaction; with any error, nothing is saved."""
    reportable = dict(enterprise_list_reportable(user=actor).values_list("credit_code", "pk"))
    this_month = timezone.localdate().replace(day=1)
    errors: list[dict] = []
    parsed: dict[tuple[int, date], tuple[int, dict[str, Decimal | None]]] = {}
    for number, given in rows:
        cells, problems = _cells(given)
        if problems:
            errors.extend(
                _error(number, column, value, reason) for column, value, reason in problems
            )
            continue
        code = cells["credit_code"].upper()
        enterprise_id = reportable.get(code)
        if enterprise_id is None:
            problems.append(
                (
                    "credit_code",
                    code,
                    _("No enterprise %(code)s is registered in your scope.")
                    % {"code": code or "—"},
                )
            )
        text = cells["period"]
        period = month_parse(text)
        if period is None:
            problems.append(("period", text, month_message()))
        elif period > this_month:
            problems.append(("period", text, _("%(period)s is in the future.") % {"period": text}))
        unit = cells["unit"]
        factor = UNIT_10K_YUAN.get(unit.lower())
        if factor is None:
            problems.append(
                (
                    "unit",
                    unit,
                    _("Unknown unit %(unit)s; use one of: %(units)s.")
                    % {"unit": unit, "units": "万元, 元, 千元, 百万元, 亿元"},
                )
            )
        values: dict[str, Decimal | None] = {}
        for key in FIGURES:
            raw = cells[key]
            values[key], problem = _amount(raw, factor)
            if problem:
                problems.append((key, raw, problem))
        if not problems and values["output_value"] is None and values["value_added"] is None:
            problems.append(
                ("output_value", "", _("Give the output value, the value added, or both."))
            )
        if not problems:
            key = (enterprise_id, period)
            if key in parsed:
                problems.append(
                    (
                        "period",
                        text,
                        _("%(code)s %(period)s is already given on row %(row)d.")
                        % {"code": code, "period": text, "row": parsed[key][0]},
                    )
                )
            else:
                parsed[key] = (number, values)
        errors.extend(_error(number, column, value, reason) for column, value, reason in problems)
    if not errors and not parsed:
        errors.append(_error(None, "", "", _("The file has a header but no data rows.")))
    if errors:
        return FiguresSaved(errors=errors)
    return _write(parsed, actor=actor, source=source)


def _amount(raw: str, factor: Decimal | None) -> tuple[Decimal | None, str]:
    """(amount in 万元, problem): empty is None; not a number, negative or too large is a
    problem."""
    try:
        amount = number_parse(raw)
    except NotANumber as problem:
        return None, str(problem)
    if amount is None:
        return None, ""
    if amount < 0:
        return None, _("Must be a number of 0 or more.")
    if factor is None:
        return None, ""
    amount = (amount * factor).quantize(Decimal("0.01"))
    if amount >= MAX_10K_YUAN:
        return None, _("Implausibly large.")
    return amount, ""


def _error(row: int | None, column: str, value: str, reason: str) -> dict:
    return {"row": row, "column": LABELS.get(column, ""), "value": value, "reason": reason}


@transaction.atomic
def _write(
    parsed: dict[tuple[int, date], tuple[int, dict[str, Decimal | None]]],
    *,
    actor: User,
    source: str,
) -> FiguresSaved:
    result = FiguresSaved()
    existing = {
        (figure.enterprise_id, figure.period): figure
        for figure in EconomicFigure.objects.select_for_update().filter(
            enterprise_id__in={enterprise for enterprise, _period in parsed},
            period__in={period for _enterprise, period in parsed},
        )
    }
    for (enterprise_id, period), (_row, values) in sorted(parsed.items()):
        figure = existing.get((enterprise_id, period))
        if figure is None:
            figure = EconomicFigure(enterprise_id=enterprise_id, period=period)
            result.created += 1
        elif all(getattr(figure, key) == values[key] for key in FIGURES):
            result.unchanged += 1
            continue
        else:
            result.updated += 1
        for key in FIGURES:
            setattr(figure, key, values[key])
        figure.source, figure.updated_by = source[:200], actor
        figure._history_user = actor
        figure.save()
    return result


def economic_figures_template_csv(*, language: str) -> bytes:
    """An empty upload file with an example row, headers in the reader's language."""
    headers = [zh if language.startswith("zh") else en for zh, en, _r in COLUMNS.values()]
    example = ["91150204MA0N6X1C5G", "2026-10", "52000", "13800", "万元", ""]
    return csv_bytes([headers, example])
