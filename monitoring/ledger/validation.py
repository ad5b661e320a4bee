"""Row-by-row validation of a ledger table, vectorised with pandas so that 200,000 rows take
seconds. Every problem becomes {row, column, value, reason}; nothing is written here."""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from monitoring.ledger.columns import (
    COLUMN_LABELS,
    FLOW_BY_NAME,
    FLOW_SIGN,
    PURPOSE_BY_NAME,
    UNIT_TONNES,
    Flow,
)
from monitoring.waste_list import waste_code_listed
from parks.validators import validate_credit_code
from wastewatch.tabular import NotANumber, month_message, month_parse, number_parse

# A transfer's purpose is part of the line: one receiver may take a waste for utilisation and
# for disposal in the same month, and a correction of the purpose supersedes the old line.
LINE_KEY = [
    "enterprise_id",
    "category_id",
    "waste_code",
    "period",
    "flow",
    "counterparty",
    "purpose",
]
# A ledger balances per enterprise, waste and month: the waste is the 8-digit code, or the
# category where none is given (a general-waste category is its own waste).
BALANCE_KEY = ["enterprise_id", "category_id", "waste_code", "period"]


@dataclass
class LedgerContext:
    """What validation needs to know from the database, looked up once per file."""

    categories: dict[str, int]  # code → id
    enterprises: dict[str, int]  # credit code → id, only those the uploader may report for
    current_month: date


@dataclass
class ValidationResult:
    clean: pd.DataFrame  # LINE_KEY + quantity_t (float, tonnes) + row, when there is no error
    errors: list[dict] = field(default_factory=list)


class _Errors:
    """Collects {row, column, value, reason}; a cell already in error is not reported twice."""

    def __init__(self, frame: pd.DataFrame) -> None:
        self.frame = frame
        self.items: list[dict] = []
        self.bad = pd.Series(False, index=frame.index)
        self._bad_cells: dict[str, pd.Series] = {}

    def add(self, mask: pd.Series, column: str, reason: Callable[[int, str], str]) -> None:
        cells = self._bad_cells.setdefault(column, pd.Series(False, index=self.frame.index))
        mask = mask.fillna(False).astype(bool) & ~cells
        for row, value in self.frame.loc[mask, column].items():
            self.items.append(
                {
                    "row": int(row),
                    "column": COLUMN_LABELS[column],
                    "value": value,
                    "reason": reason(int(row), value),
                }
            )
        cells |= mask
        self.bad |= mask


def _per_value(column: pd.Series, parse: Callable) -> pd.Series:
    """parse() applied once per distinct value, mapped onto every row."""
    return column.map({value: parse(value) for value in column.unique()})


def _per_value_pair(column: pd.Series, parse: Callable) -> tuple[pd.Series, pd.Series]:
    """Like _per_value for a parse() that returns a pair: one Series per element."""
    parsed = {value: parse(value) for value in column.unique()}
    return (
        column.map({k: v[0] for k, v in parsed.items()}),
        column.map({k: v[1] for k, v in parsed.items()}),
    )


def _month_number(day: date) -> int:
    return day.year * 12 + day.month


def _month(value: str) -> tuple[date | None, int]:
    """(first day of the month, its month number), or (None, 0) if it is not a month."""
    first = month_parse(value)
    return (first, _month_number(first)) if first else (None, 0)


def _number(value: str) -> tuple[float, str]:
    """(the quantity, or NaN; the reason it is not a number, or "")."""
    try:
        number = number_parse(value)
    except NotANumber as problem:
        return float("nan"), str(problem)
    return (float("nan"), "") if number is None else (float(number), "")


_EIGHT_DIGITS = re.compile(r"^(\d{3})-?(\d{3})-?(\d{2})$")
_WITH_CATEGORY = re.compile(r"^(HW\d{2})[ /:：(（]*(\d{3}-?\d{3}-?\d{2})[)）]?$")


def _waste(value: str) -> tuple[str, str]:
    """(category code, 8-digit waste code or "")."""
    category, code, _problem = _waste_parse(value)
    return category, code


def _waste_parse(value: str) -> tuple[str, str, str]:
    """(category code, 8-digit waste code or "", why the code itself is wrong or ""). A code
    may be a category (SW01, HW08), an 8-digit code of the National Hazardous Waste List
    (AAA-BBB-CC or AAABBBCC, CC being its HW category), or both ("HW08 900-249-08"), whose
    category must then be the code's own."""
    compact = value.upper().replace(" ", "")
    stated = ""
    combined = _WITH_CATEGORY.match(compact)
    if combined:
        stated, compact = combined[1], combined[2]
    match = _EIGHT_DIGITS.match(compact)
    if not match:
        digits = compact.replace("-", "")
        if len(digits) == 8 and digits.isdigit():  # hyphens in the wrong places
            return (
                "",
                "",
                _("Write the waste code as AAA-BBB-CC (8 digits), e.g. 321-024-48; got %(value)s.")
                % {"value": repr(value)},
            )
        return compact, "", ""
    code = f"{match[1]}-{match[2]}-{match[3]}"
    category = f"HW{match[3]}"
    if stated and stated != category:
        return (
            "",
            "",
            _("Waste code %(code)s belongs to HW%(cc)s, not to %(category)s.")
            % {
                "code": code,
                "cc": match[3],
                "category": stated,
            },
        )
    if waste_code_listed(code) is False:
        return (
            "",
            "",
            _("Waste code %(code)s is not on the National Hazardous Waste List.") % {"code": code},
        )
    return category, code, ""


def balance_groups(lines: pd.DataFrame) -> pd.DataFrame:
    """Each line's balance group (BALANCE_KEY). A line naming only a hazardous category (no
    8-digit code) cannot be told apart from that category's codes: in a month where an
    enterprise writes one, say its stock kept per category and its receipts per sender's
    code, the category's lines balance together, keyed by the category (waste_code "")."""
    keys = lines[BALANCE_KEY].copy()
    month = ["enterprise_id", "category_id", "period"]
    uncoded = (keys["waste_code"] == "").groupby([keys[k] for k in month]).transform("any")
    keys.loc[uncoded, "waste_code"] = ""
    return keys


def _rows_named(rows: list[int]) -> str:
    return ", ".join(str(row) for row in sorted(rows))


def _balance_errors(lines: pd.DataFrame, category_codes: dict[int, str]) -> list[dict]:
    """One error per enterprise, waste and month whose flows do not balance, naming every row
    of it: the rows of the other wastes of the same category and month stand on their own."""
    sign = lines["flow"].map(FLOW_SIGN)
    groups = balance_groups(lines)
    sums = (
        pd.DataFrame(
            {
                "residual": lines["quantity_t"] * sign,
                "inflow": lines["quantity_t"].where(sign > 0, 0.0),
                "row": lines["row"],
            }
        )
        .join(groups)
        .groupby(BALANCE_KEY)
        .agg(residual=("residual", "sum"), inflow=("inflow", "sum"), rows=("row", list))
    )
    sums["tolerance"] = np.maximum(
        settings.LEDGER_BALANCE_TOLERANCE_T,
        settings.LEDGER_BALANCE_TOLERANCE_RATIO * sums["inflow"],
    )
    broken = sums[sums["residual"].abs() > sums["tolerance"]]
    errors = []
    for (_enterprise, category_id, waste_code, period), item in broken.iterrows():
        if item["residual"] > 0:
            reason = _(
                "The ledger of %(waste)s for %(period)s (rows %(rows)s) does not balance: "
                "opening stock + generated + received exceed utilised + disposed + "
                "transferred out + closing stock by %(gap).3f t (tolerance %(tol).3f t)."
            )
        else:
            reason = _(
                "The ledger of %(waste)s for %(period)s (rows %(rows)s) does not balance: "
                "utilised + disposed + transferred out + closing stock exceed opening "
                "stock + generated + received by %(gap).3f t (tolerance %(tol).3f t)."
            )
        figures = {
            "waste": waste_code or category_codes[category_id],
            "period": f"{period:%Y-%m}",
            "rows": _rows_named(item["rows"]),
            "gap": abs(item["residual"]),
            "tol": item["tolerance"],
        }
        errors.append(
            {
                "row": int(min(item["rows"])),
                "column": COLUMN_LABELS["quantity"],
                "value": f"{item['residual']:.3f}",
                "reason": reason % figures,
            }
        )
    return errors


def _codes_invalid(values: pd.Series) -> dict[str, str]:
    """Credit codes (unique values) that fail GB 32100-2015, with the reason."""
    reasons = {}
    for code in values.unique():
        try:
            validate_credit_code(code)
        except ValidationError as error:
            reasons[code] = error.messages[0]
    return reasons


def ledger_rows_validate(
    frame: pd.DataFrame, context: LedgerContext, progress: Callable[[float], None] = lambda f: None
) -> ValidationResult:
    errors = _Errors(frame)
    text = frame
    for column in ("credit_code", "period", "waste_code", "flow", "quantity"):
        errors.add(text[column] == "", column, lambda _row, v: _("Required."))

    # Enterprise: a valid code, registered, and within the uploader's scope.
    codes = _per_value(text["credit_code"], str.upper)
    invalid = _codes_invalid(codes[codes != ""])
    errors.add(codes.isin(list(invalid)), "credit_code", lambda _row, v: invalid[v.upper()])
    enterprise_id = codes.map(context.enterprises)
    errors.add(
        enterprise_id.isna(),
        "credit_code",
        lambda _row, v: _("No enterprise %(code)s is registered in your scope.") % {"code": v},
    )
    progress(0.2)

    # Period: a month, not in the future. Ledger columns hold few distinct values, so each is
    # parsed once and mapped onto the rows.
    period, month_number = _per_value_pair(text["period"], _month)
    malformed = period.isna()
    errors.add(
        malformed,
        "period",
        lambda _row, v: month_message(),
    )
    errors.add(
        ~malformed & (month_number > _month_number(context.current_month)),
        "period",
        lambda _row, v: _("%(period)s is in the future.") % {"period": v},
    )
    progress(0.35)

    # Waste: a category code, or an 8-digit code whose last two digits name the HW category.
    parsed = {value: _waste_parse(value) for value in text["waste_code"].unique()}
    category_code = text["waste_code"].map({k: v[0] for k, v in parsed.items()})
    waste_code = text["waste_code"].map({k: v[1] for k, v in parsed.items()})
    waste_problem = text["waste_code"].map({k: v[2] for k, v in parsed.items()})
    errors.add(waste_problem != "", "waste_code", lambda row, _v: waste_problem[row])
    category_id = category_code.map(context.categories)
    errors.add(
        category_id.isna() & (waste_code != ""),
        "waste_code",
        lambda _row, v: (
            _(
                "%(category)s, named by the last two digits of %(code)s, is not a category of the "
                "National Hazardous Waste List 2021."
            )
            % {"category": _waste(v)[0], "code": v}
        ),
    )
    errors.add(
        category_id.isna(),
        "waste_code",
        lambda _row, v: (
            _(
                "Unknown waste code %(code)r: use a category (SW01…, HW01…) or an 8-digit "
                "code such as 321-024-48."
            )
            % {"code": v}
        ),
    )
    progress(0.5)

    flow = _per_value(text["flow"], lambda value: FLOW_BY_NAME.get(value.lower()))
    errors.add(
        flow.isna(),
        "flow",
        lambda _row, v: (
            _(
                "Unknown flow %(flow)r: use 期初贮存, 产生, 接收, 自行利用, 自行处置, "
                "委托利用/处置 or 期末贮存 (or opening_stock, generated, received, utilised, "
                "disposed, transferred_out, closing_stock)."
            )
            % {"flow": v}
        ),
    )

    factors = {unit.lower(): float(factor) for unit, factor in UNIT_TONNES.items()}
    factor = _per_value(text["unit"], lambda value: factors.get(value.lower()))
    errors.add(
        factor.isna(),
        "unit",
        lambda _row, v: _("Unknown unit %(unit)r: use t, kg or 万吨.") % {"unit": v},
    )
    quantity, number_problem = _per_value_pair(text["quantity"], _number)
    raw = quantity.astype(float)
    errors.add(
        (number_problem != "") & (text["quantity"] != ""),
        "quantity",
        lambda row, _v: number_problem[row],
    )
    errors.add(raw < 0, "quantity", lambda _row, v: _("A quantity cannot be negative."))
    tonnes = (raw * factor).round(3)
    limit = settings.LEDGER_MAX_LINE_T
    errors.add(
        tonnes > limit,
        "quantity",
        lambda row, v: (
            _(
                "%(value)s %(unit)s = %(tonnes)s t is implausible for one month's figure (limit "
                "%(limit)s t)."
            )
            % {
                "value": v,
                "unit": text.at[row, "unit"] or "t",
                "tonnes": f"{tonnes[row]:,.3f}",
                "limit": f"{limit:,}",
            }
        ),
    )
    progress(0.65)

    counterparty = _per_value(text["counterparty"], str.upper)
    invalid_cp = _codes_invalid(counterparty[counterparty != ""])
    errors.add(
        counterparty.isin(list(invalid_cp)), "counterparty", lambda _row, v: invalid_cp[v.upper()]
    )

    # Transfer purpose: optional, on transfers out only.
    purpose = _per_value(text["purpose"], lambda value: PURPOSE_BY_NAME.get(value.lower(), ""))
    stated = text["purpose"] != ""
    errors.add(
        stated & (purpose == ""),
        "purpose",
        lambda _row, v: (
            _(
                "Unknown transfer purpose %(purpose)r: use 委托利用, 委托处置 or 委托贮存 (or "
                "utilisation, disposal, storage), or leave it empty."
            )
            % {"purpose": v}
        ),
    )
    errors.add(
        stated & flow.notna() & (flow != Flow.TRANSFERRED_OUT),
        "purpose",
        lambda row, v: (
            _(
                "A transfer purpose belongs to a transfer out (委托利用/处置) only; this row's "
                "flow is %(flow)s."
            )
            % {"flow": text.at[row, "flow"]}
        ),
    )

    lines = pd.DataFrame(
        {
            "row": frame.index,
            "enterprise_id": enterprise_id,
            "category_id": category_id,
            "waste_code": waste_code,
            "period": period,
            "flow": flow,
            "counterparty": counterparty,
            "purpose": purpose,
            "quantity_t": tonnes,
        },
        index=frame.index,
    )

    # The same line twice in one file.
    valid = lines[~errors.bad]
    repeated = valid.duplicated(subset=LINE_KEY, keep=False)
    if repeated.any():
        first = valid[repeated].groupby(LINE_KEY, sort=False)["row"].transform("min")
        later = first[first != valid.loc[first.index, "row"]]
        mask = pd.Series(False, index=frame.index)
        mask[later.index] = True
        errors.add(
            mask,
            "flow",
            lambda row, _v: (
                _("The same figure appears again (first at row %(row)d).")
                % {"row": int(later[row])}
            ),
        )
    progress(0.8)

    # The balance of each enterprise, waste and month, once every row is valid: a row in error
    # may belong to any month or waste (the broken cell may be the very key), so balance errors
    # on top of row errors would be noise. They show on the corrected file's upload.
    if not errors.items:
        category_codes = {pk: code for code, pk in context.categories.items()}
        errors.items.extend(_balance_errors(lines, category_codes))
    progress(1.0)

    errors.items.sort(key=lambda item: (item["row"], item["column"]))
    if errors.items:
        return ValidationResult(clean=lines.iloc[0:0], errors=errors.items)
    clean = lines.astype({"enterprise_id": "int64", "category_id": "int64"})
    return ValidationResult(clean=clean)
