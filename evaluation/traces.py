"""A derived value's trace in the reader's language: the formula in words and each term with
its name, value and unit. The trace stores the figures under the keys indicators.formulas
gives them (`utilised_t`, …); pages and the API show people their names, never the keys."""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# The terms of the zero-waste city indicators that the derived green-park indicators are, in
# the words of the national statistics (综合利用量, 产生量, 综合利用往年贮存量 …).
TERMS: dict[str, Any] = {
    "utilised_t": _("Quantity utilised"),
    "disposed_t": _("Quantity disposed"),
    "generated_t": _("Quantity generated"),
    "prior_stock_utilised_t": _("Prior years' stock utilised"),
    "prior_stock_used_t": _("Prior years' stock utilised or disposed"),
}
TONNES = pgettext_lazy("unit of mass", "t")

# By the zero-waste city indicator a trace names (its `indicator`).
FORMULAS: dict[str, Any] = {
    "general_utilisation_rate": _(
        "Quantity utilised ÷ (quantity generated + prior years' stock utilised) × 100"
    ),
    "disposal_utilisation_rate": _(
        "(Quantity utilised + quantity disposed) ÷ (quantity generated + prior years' stock "
        "utilised or disposed) × 100"
    ),
}


@dataclass(frozen=True)
class TraceTerm:
    key: str
    name: str
    value: float
    unit: str


@dataclass(frozen=True)
class TraceExplained:
    formula: str
    terms: list[TraceTerm]


def trace_explain(trace: dict[str, Any]) -> TraceExplained | None:
    """The trace's formula and terms in the active language; None for a value without one
    (entered or uploaded)."""
    figures = trace.get("figures") or {}
    if not figures:
        return None
    formula = FORMULAS.get(trace.get("indicator", ""), "")
    terms = [
        TraceTerm(
            key=key,
            name=str(TERMS.get(key, key.removesuffix("_t").replace("_", " "))),
            value=value,
            unit=str(TONNES) if key.endswith("_t") else "",
        )
        for key, value in figures.items()
    ]
    return TraceExplained(formula=str(formula), terms=terms)
