"""The industrial indicators of the zero-waste city system, computed from ledger totals and
value added: pure pandas and arithmetic, so that every number can be checked by hand.

Sources (docs/indicators.md has each formula with its mark): the 2019 indicator system and
its 2021 revision for the indicators, and the national statistics' identity (§1.3 of the
domain reference) for the terms:

    产生量 = (综合利用量 − 其中往年贮存量) + 贮存量 + (处置量 − 其中往年贮存量) + 倾倒丢弃量
    综合利用率 = 综合利用量 ÷ (产生量 + 综合利用往年贮存量) × 100 %

The ledger records flows, not the age of the waste, so three things are attributed, each the
same way everywhere:
- an enterprise that also receives waste: its own share of what it handled is
  generated ÷ (generated + received); the rest is counted at the sender (below);
- a transfer out counts by the purpose its ledger line declares, as the official statistics
  count waste handed over for utilisation (委托利用) as utilised and hazardous waste handed to
  a licensed unit for disposal as safely disposed: 委托利用 utilised, 委托处置 disposed,
  委托贮存 stored, at the sender. A transfer without one counts as utilised or disposed in the
  proportion the receiver utilised or disposed that waste in the same months, and hazardous
  waste still unknown by the receipts of its confirmed manifests (the ledger selector,
  `ledger_flow_totals`, splits the transfers); what is left is "transferred, handling
  unknown" (neither utilised nor disposed), shown beside every rate;
- prior-year stock used is the fall of the stock over the period (opening − closing, if
  positive), split between utilisation and disposal in their proportion; a rise is storage.
"""

from dataclasses import dataclass, field

import pandas as pd
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Definition:
    name: object  # lazy translation
    unit: str
    direction: str  # "higher" or "lower" is better
    source: object  # lazy translation: the document it follows, and how far it is verified
    decimals: int  # shown to this many places, on the pages, in the API and in the reports


DEFINITIONS: dict[str, Definition] = {
    "generation_intensity": Definition(
        _("Industrial solid waste generation intensity"), "t/万元", "lower", _("ZWC 2019 ★ [V]"), 4
    ),
    "general_generation_intensity": Definition(
        _("General industrial solid waste generation intensity"),
        "t/万元",
        "lower",
        _("ZWC 2021 [P]"),
        4,
    ),
    "hazardous_generation_intensity": Definition(
        _("Industrial hazardous waste generation intensity"),
        "t/万元",
        "lower",
        _("ZWC 2021 [P]"),
        4,
    ),
    "general_utilisation_rate": Definition(
        _("General industrial solid waste comprehensive utilisation rate"),
        "%",
        "higher",
        _("ZWC ★, formula NBS [V]"),
        2,
    ),
    "hazardous_utilisation_rate": Definition(
        _("Industrial hazardous waste utilisation rate"), "%", "higher", _("ZWC 2021 [P]"), 2
    ),
    "disposal_utilisation_rate": Definition(
        _("Industrial solid waste (incl. hazardous) disposal and utilisation rate"),
        "%",
        "higher",
        _("MIIT green park HG-21 [U]"),
        2,
    ),
    "hazardous_safe_disposal": Definition(
        _("Industrial hazardous waste safely disposed"), "t", "higher", _("ZWC 2019 ★ [V]"), 3
    ),
    "general_storage_disposal": Definition(
        _("General industrial solid waste stored and disposed"),
        "t",
        "lower",
        _("ZWC 2019 ★ [V]"),
        3,
    ),
}

# The terms a result was computed from (Result.figures, an evaluation's trace), as a reader
# names them.
FIGURE_LABELS = {
    "generated_t": _("Generated (t)"),
    "utilised_t": _("Utilised (t)"),
    "disposed_t": _("Disposed of (t)"),
    "stored_t": _("Stored (t)"),
    "prior_stock_utilised_t": _("Earlier years' stock utilised (t)"),
    "prior_stock_used_t": _("Earlier years' stock utilised or disposed of (t)"),
    "value_added_10k_yuan": _("Value added (10,000 yuan)"),
    "generators_without_value_added": _("Generators without value added"),
}


@dataclass
class Result:
    code: str
    value: float | None  # in full precision: rounded once, where it is shown (decimals)
    not_computable: str = ""  # why there is no value (no ledger figures, a zero denominator)
    figures: dict[str, float] = field(default_factory=dict)  # the terms it was computed from
    # Transferred with handling unknown (X) of the indicator's waste, and its share of that
    # waste's generation (None when nothing was generated): what no rate counts either way;
    # None with no data.
    handling_unknown_t: float | None = 0.0
    handling_unknown_pct: float | None = None
    no_data: bool = False  # no ledger figures of the indicator's waste in the span: not 0

    @property
    def definition(self) -> Definition:
        return DEFINITIONS[self.code]


def attribute(totals: pd.DataFrame) -> pd.DataFrame:
    """Per (enterprise, category) row of ledger totals, the statistical terms (tonnes):
    own share, utilised U, disposed D, transferred with unknown handling X, prior-year stock
    used P (P_u by utilisation, P_d by disposal), stored S (a rise of the stock and what was
    transferred for storage), and the identity's residual."""
    frame = totals.copy()
    inputs = frame["generated"] + frame["received"]
    own = (frame["generated"] / inputs.where(inputs > 0)).fillna(0.0)
    frame["own"] = own
    frame["U"] = own * (frame["utilised"] + frame["transferred_utilised"])
    frame["D"] = own * (frame["disposed"] + frame["transferred_disposed"])
    frame["X"] = own * frame["transferred_unknown"]
    change = frame["closing"] - frame["opening"]
    frame["P"] = own * (-change).clip(lower=0.0)
    frame["S"] = own * (change.clip(lower=0.0) + frame["transferred_stored"])
    handled = frame["U"] + frame["D"]
    frame["P_u"] = (frame["P"] * frame["U"] / handled.where(handled > 0)).fillna(0.0)
    frame["P_d"] = frame["P"] - frame["P_u"]
    frame["residual"] = frame["generated"] - (
        (frame["U"] - frame["P_u"]) + frame["S"] + (frame["D"] - frame["P_d"]) + frame["X"]
    )
    return frame


def indicators_compute(totals: pd.DataFrame, *, value_added: dict[int, float]) -> dict[str, Result]:
    """Every indicator of DEFINITIONS for one scope and period, in full precision. `value_added`
    (万元) by enterprise id, for those that reported it for every month of their ledger in the
    period: intensities are over those enterprises only, and say how many generators were left
    out. An indicator whose waste has no ledger figures in the period has no data (not 0)."""
    terms = attribute(totals)
    hazardous = terms["hazardous"].astype(bool)
    general, dangerous = terms[~hazardous], terms[hazardous]
    missing = _no_data(general, dangerous)
    if len(missing) == len(DEFINITIONS):
        return missing
    covered = terms["enterprise_id"].isin(list(value_added))
    generators = set(terms.loc[terms["generated"] > 0, "enterprise_id"])
    left_out = len(generators - set(value_added))

    def total(frame: pd.DataFrame, column: str) -> float:
        return float(frame[column].sum())

    added = sum(value_added.get(e, 0.0) for e in set(terms["enterprise_id"]))
    results = {}
    for code, frame in (
        ("generation_intensity", terms),
        ("general_generation_intensity", general),
        ("hazardous_generation_intensity", dangerous),
    ):
        figures = {
            "generated_t": total(frame[covered.loc[frame.index]], "generated"),
            "value_added_10k_yuan": added,
            "generators_without_value_added": left_out,
        }
        if not added:
            results[code] = Result(
                code,
                None,
                str(
                    _(
                        "Not computable: no industrial value added is reported for these "
                        "enterprises and months."
                    )
                ),
                figures,
            )
        else:
            results[code] = _ratio(code, figures["generated_t"], added, figures, scale=1)
    for code, frame in (
        ("general_utilisation_rate", general),
        ("hazardous_utilisation_rate", dangerous),
    ):
        figures = {
            "utilised_t": total(frame, "U"),
            "generated_t": total(frame, "generated"),
            "prior_stock_utilised_t": total(frame, "P_u"),
        }
        denominator = figures["generated_t"] + figures["prior_stock_utilised_t"]
        results[code] = _ratio(code, figures["utilised_t"], denominator, figures, scale=100)
    figures = {
        "utilised_t": total(terms, "U"),
        "disposed_t": total(terms, "D"),
        "generated_t": total(terms, "generated"),
        "prior_stock_used_t": total(terms, "P"),
    }
    results["disposal_utilisation_rate"] = _ratio(
        "disposal_utilisation_rate",
        figures["utilised_t"] + figures["disposed_t"],
        figures["generated_t"] + figures["prior_stock_used_t"],
        figures,
        scale=100,
    )
    results["hazardous_safe_disposal"] = Result(
        "hazardous_safe_disposal",
        total(dangerous, "D"),
        figures={"disposed_t": total(dangerous, "D")},
    )
    stored, disposed = total(general, "S"), total(general, "D")
    results["general_storage_disposal"] = Result(
        "general_storage_disposal",
        stored + disposed,
        figures={"stored_t": stored, "disposed_t": disposed},
    )
    results.update(missing)
    for code, result in results.items():
        if result.no_data:
            continue
        frame = {"general": general, "hazardous": dangerous}.get(WASTE_OF.get(code, ""), terms)
        unknown, generated = total(frame, "X"), total(frame, "generated")
        result.handling_unknown_t = unknown
        if generated:
            result.handling_unknown_pct = 100 * unknown / generated
    return results


def _no_data(general: pd.DataFrame, hazardous: pd.DataFrame) -> dict[str, Result]:
    """The indicators whose waste (general, hazardous, or either) has no ledger figures."""
    empty = {"general": general.empty, "hazardous": hazardous.empty}
    reasons = {
        "general": _("No data: no ledger figures of general industrial solid waste."),
        "hazardous": _("No data: no ledger figures of hazardous waste."),
        "": _("No data: no ledger figures."),
    }
    results = {}
    for code in DEFINITIONS:
        waste = WASTE_OF.get(code, "")
        if empty.get(waste, all(empty.values())):
            reason = reasons["" if all(empty.values()) else waste]
            results[code] = Result(code, None, str(reason), handling_unknown_t=None, no_data=True)
    return results


# The waste each indicator is about (the others: all industrial solid waste).
WASTE_OF = {
    "general_generation_intensity": "general",
    "hazardous_generation_intensity": "hazardous",
    "general_utilisation_rate": "general",
    "hazardous_utilisation_rate": "hazardous",
    "hazardous_safe_disposal": "hazardous",
    "general_storage_disposal": "general",
}


def _ratio(
    code: str, numerator: float, denominator: float | None, figures: dict, *, scale: int
) -> Result:
    if not denominator:
        return Result(
            code,
            None,
            str(_("Not computable: the denominator is zero (nothing generated).")),
            figures,
        )
    return Result(code, scale * numerator / denominator, figures=figures)


def identity_check(totals: pd.DataFrame, *, tolerance_t: float = 0.5) -> pd.DataFrame:
    """The statistical identity per enterprise and waste: rows whose residual (generated minus
    its statistical uses) exceeds the tolerance, i.e. whose stock does not carry over from
    month to month. The identity's last term is the waste dumped or discarded (倾倒丢弃量):
    `dumped_or_discarded_t` reads a positive residual as that, which it is if every other
    term is right; a negative one (more accounted for than generated) reads as none."""
    terms = attribute(totals)
    broken = terms[terms["residual"].abs() > tolerance_t].copy()
    broken["dumped_or_discarded_t"] = broken["residual"].clip(lower=0.0)
    columns = ["credit_code", "category_code", "generated", "U", "D", "S", "X", "P", "residual"]
    columns.append("dumped_or_discarded_t")
    return broken[columns].rename(columns={"category_code": "category"})
