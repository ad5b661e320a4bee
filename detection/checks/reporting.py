"""Reporting discipline: the ledger of month M is due by the `report_due_day` (15th) of M + 1.

Judged per waste (the ledger's 8-digit code, or the category where it gives none) of the
enterprises that file ledgers here; an enterprise registered only so that its manifests can
be recorded (a receiver outside the city) files none and is never judged. Flagged on
(enterprise, waste, month):
- a missing month: no line of the waste in month M, after the enterprise's first report of
  it, once M is due or the enterprise has filed a later month, while the waste is **due** in
  M. It is due when stock of it was carried into M (its last reported closing stock is not
  zero: the ledger must say where that stock went), or when it was generated in each of the
  enterprise's last three ledgers before M (a waste generated continuously) and M's output,
  where reported, does not say the plant stood still. A waste with no stock and nothing
  generated has nothing to report: the ledger may give it three zero lines (opening stock,
  generated, closing stock) or leave it out, and both read the same, as a month between two
  batches of a batch-generated hazardous waste does. A hazardous category written without a
  code (stock kept per category) is reported in a month where any line of its category is;
- a late month: the first ingested upload that brought the waste's month was received after
  the deadline, while the enterprise was already reporting on the platform by then (a
  backfill at onboarding is not late).
"""

from bisect import bisect_left
from datetime import date, timedelta

import pandas as pd
from django.utils import timezone

from detection.candidates import Candidate, Severity, threshold
from detection.checks.ledgers import NO_STOCK_T, months_filed
from detection.features import OUTPUT_COLLAPSED
from detection.loader import DetectionData
from wastewatch.periods import ledger_due, month_add

# A waste generated in each of this many consecutive ledgers is generated continuously: batch
# wastes (overhauls, packaging, shutdown clean-outs) come in single months or short runs with
# months of nothing between them.
CONTINUOUS_MONTHS = 3

WasteKey = tuple[int, int, str]


def reporting(data: DetectionData) -> list[Candidate]:
    """Missing and late monthly ledgers, per waste."""
    spans = data.ledger_spans
    files = data.enterprises["files_ledgers"]
    spans = spans[spans["enterprise_id"].map(files).fillna(False).astype(bool)]
    if spans.empty:
        return []
    return _missing(data, spans) + _late(data)


def _missing(data: DetectionData, spans: pd.DataFrame) -> list[Candidate]:
    books = _Books(data)
    grace = timedelta(days=int(threshold("late_report_grace_days")))
    last_filed = spans.groupby("enterprise_id")["last"].max()
    start = data.since if data.since.day == 1 else month_add(data.since.replace(day=1), 1)
    candidates = []
    for span in spans.itertuples():
        key = (int(span.enterprise_id), int(span.category_id), span.waste_code)
        whole_category = span.waste_code == "" and bool(span.hazardous)
        month = max(month_add(span.first, 1), start)
        while month < last_filed[key[0]] or data.today > ledger_due(month) + grace:
            if not books.reports(key, month, whole_category):
                reason = books.missing_reason(key, month)
                if reason is not None:
                    candidates.append(
                        Candidate(
                            key[0],
                            key[1],
                            month,
                            "reporting",
                            Severity.MEDIUM,
                            [reason],
                            waste_code=key[2],
                        )
                    )
            month = month_add(month, 1)
    return candidates


class _Books:
    """What the current ledgers say, looked up per waste and month."""

    def __init__(self, data: DetectionData) -> None:
        months = data.waste_months
        self.figures: dict[tuple, tuple[float, float]] = {
            (e, c, w, p): (g, s)
            for e, c, w, p, g, s in months[
                ["enterprise_id", "category_id", "waste_code", "period", "generated_t", "closing_t"]
            ].itertuples(index=False)
        }
        self.periods: dict[WasteKey, list[date]] = {}
        for e, c, w, p in self.figures:  # in time order per waste
            self.periods.setdefault((e, c, w), []).append(p)
        self.category_months = {(e, c, p) for e, c, _w, p in self.figures}
        self.filed = {e: sorted(ps) for e, ps in months_filed(data.ledger).items()}
        self.stood_still = _stood_still(data.output)

    def reports(self, key: WasteKey, month: date, whole_category: bool) -> bool:
        if whole_category:
            return (key[0], key[1], month) in self.category_months
        return (*key, month) in self.figures

    def missing_reason(self, key: WasteKey, month: date) -> dict | None:
        """The reason a month without the waste is missing, or None when the waste was not
        due (see the module's note)."""
        enterprise_id = key[0]
        periods = self.periods.get(key, [])
        before = bisect_left(periods, month)
        if before == 0:
            return None  # not reported within the history read: nothing to judge it by
        stocked = periods[before - 1]
        _generated, stock_t = self.figures[(*key, stocked)]
        filed = self.filed.get(enterprise_id, [])
        at = bisect_left(filed, month)
        reason = {"period": f"{month:%Y-%m}", "due": f"{ledger_due(month)}"}
        if at == len(filed) or filed[at] != month:
            due = stock_t > NO_STOCK_T or self._continuous(key, month, filed[:at])
            return {"code": "missing_month", **reason} if due else None
        if stock_t > NO_STOCK_T:
            return {
                "code": "missing_waste",
                **reason,
                "stock_t": f"{stock_t:.3f}",
                "stocked": f"{stocked:%Y-%m}",
            }
        if self._continuous(key, month, filed[:at]):
            return {"code": "missing_waste", **reason, "generated_months": CONTINUOUS_MONTHS}
        return None

    def _continuous(self, key: WasteKey, month: date, filed_before: list[date]) -> bool:
        """Generated in each of the enterprise's last CONTINUOUS_MONTHS ledgers before the
        month, and the plant did not stand still that month."""
        recent = filed_before[-CONTINUOUS_MONTHS:]
        if len(recent) < CONTINUOUS_MONTHS or (key[0], month) in self.stood_still:
            return False
        return all(self.figures.get((*key, m), (0.0, 0.0))[0] > NO_STOCK_T for m in recent)


def _stood_still(output: pd.DataFrame) -> set[tuple[int, date]]:
    """(enterprise, month) whose reported output fell below OUTPUT_COLLAPSED of its median of
    the previous 12 reported months (at least 3): a plant that stood still generates nothing,
    and its continuously generated wastes may have no line that month."""
    if output.empty:
        return set()
    output = output.sort_values(["enterprise_id", "period"], ignore_index=True)
    value = output["output_value"].astype(float)
    median = value.groupby(output["enterprise_id"]).transform(
        lambda series: series.shift(1).rolling(12, min_periods=3).median()
    )
    stopped = output[value < OUTPUT_COLLAPSED * median]
    return set(zip(stopped["enterprise_id"], stopped["period"], strict=True))


def _late(data: DetectionData) -> list[Candidate]:
    grace = timedelta(days=int(threshold("late_report_grace_days")))
    arrivals = data.arrivals
    current = set(
        data.waste_months[["enterprise_id", "category_id", "waste_code", "period"]].itertuples(
            index=False, name=None
        )
    )
    candidates = []
    for row in arrivals.itertuples():
        key = (int(row.enterprise_id), int(row.category_id), row.waste_code, row.period)
        if key not in current:
            continue  # withdrawn by a correction: missing, if anything
        deadline = ledger_due(row.period)
        received = timezone.localdate(row.at)
        if received <= deadline + grace or timezone.localdate(row.joined) > deadline:
            continue
        days_late = (received - deadline).days
        reason = {
            "code": "late_report",
            "period": f"{row.period:%Y-%m}",
            "due": f"{deadline}",
            "received": f"{received}",
            "days_late": days_late,
        }
        severity = Severity.LOW if days_late <= 15 else Severity.MEDIUM
        candidates.append(
            Candidate(
                key[0], key[1], row.period, "reporting", severity, [reason], waste_code=key[2]
            )
        )
    return candidates
