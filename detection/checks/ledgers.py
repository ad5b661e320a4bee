"""A ledger against itself: stock carried from month to month, and generation against the
enterprise's own history."""

import math
from datetime import date

import numpy as np
import pandas as pd

from detection.candidates import Candidate, severity_of, significant_gap, threshold
from detection.loader import DetectionData
from wastewatch.periods import month_add

# The ledger's figures are kept to the kilogram: less than half a kilogram is no stock.
NO_STOCK_T = 0.0005


def months_filed(ledger: pd.DataFrame) -> dict[int, set[date]]:
    """The months each enterprise filed a ledger for (a current line of any waste)."""
    pairs = ledger[["enterprise_id", "period"]].drop_duplicates()
    return pairs.groupby("enterprise_id")["period"].agg(set).to_dict()


def _stock_carried(
    enterprise_months: set[date], before: date, before_t: float, period: date
) -> float | None:
    """The stock a waste's ledger of `period` must open with: the closing stock of its
    previous month; across months without a line of it, none, if it had none and the
    enterprise filed those months (a waste with no stock and nothing generated may be left
    out of a month's ledger). None when it cannot be known: those months were not filed at
    all, or the waste had stock that went unreported (both for the reporting check)."""
    if before == month_add(period, -1):
        return before_t
    if before_t > NO_STOCK_T:
        return None
    month = month_add(before, 1)
    while month < period:
        if month not in enterprise_months:
            return None
        month = month_add(month, 1)
    return 0.0


def stock_carry(data: DetectionData) -> list[Candidate]:
    """A waste's opening stock must be its previous month's closing stock: waste does not
    appear or vanish between two ledgers. Per waste (8-digit code, or category): a sibling
    code's stock is not this one's."""
    months = data.waste_months
    if months.empty:
        return []
    series = months.groupby(["enterprise_id", "category_id", "waste_code"], sort=False)
    months = months.assign(before=series["period"].shift(1), before_t=series["closing_t"].shift(1))
    scored = months[(months["period"] >= data.since) & months["before"].notna()]
    filed = months_filed(data.ledger)
    candidates = []
    for row in scored.itertuples():
        carried = _stock_carried(filed[row.enterprise_id], row.before, row.before_t, row.period)
        if carried is None:
            continue
        ratio = significant_gap(carried, row.opening_t, thresholds="stock_gap")
        if ratio is None:
            continue
        candidates.append(
            Candidate(
                int(row.enterprise_id),
                int(row.category_id),
                row.period,
                "stock_carry",
                severity_of(ratio),
                [
                    {
                        "code": "stock_carry",
                        "closing_t": f"{carried:.3f}",
                        "opening_t": f"{row.opening_t:.3f}",
                        "period": f"{row.period:%Y-%m}",
                    }
                ],
                waste_code=row.waste_code,
            )
        )
    return candidates


def generation_change(data: DetectionData) -> list[Candidate]:
    """Generation — per unit of output where the enterprise reports its output — against its
    own previous 12 months (median):
    - a jump or drop of ×/÷ `generation_ratio` at the month it starts (a month merely as high
      as the same month last year — seasonality — is not one);
    - every month of a drop that deep, while it lasts at most three months (reported
      generation falling while the plant runs);
    - a lasting step of ×/÷ `level_shift_ratio`, seen once three months have shown it, flagged
      on the month it began."""
    since, enterprise_ids = data.since, data.enterprise_ids
    from detection.features import monthly_features

    frame = monthly_features(
        since=month_add(since, -1),
        enterprise_ids=enterprise_ids,
        history_from=date(since.year - 2, since.month, 1),
    )
    if frame.empty:
        return []
    frame = frame.sort_values(KEY_ORDER).reset_index(drop=True)
    series = frame.groupby(["enterprise_id", "category_id"], sort=False)
    ratio = frame["change"]
    # Per unit of output, a plant's waste is steadier than in tonnes: tighter thresholds.
    per_output = frame["output_known"].astype(bool)
    limit = np.where(
        per_output,
        math.log(threshold("intensity_ratio")),
        math.log(threshold("generation_ratio")),
    )
    step = np.where(
        per_output,
        math.log(threshold("intensity_shift_ratio")),
        math.log(threshold("level_shift_ratio")),
    )
    previous = series["change"].shift(1)
    seasonal = (frame["change_vs_last_year"] != 0) & (
        frame["change_vs_last_year"].abs() < limit / 2
    )
    jump = (ratio.abs() >= limit) & ~(previous.abs() >= limit) & ~seasonal
    # A deep drop is flagged every month while it lasts at most three months (waste left out
    # of the ledger); one that lasts longer is a new level, flagged on the month it began.
    low = ratio <= -step
    runs = (low != low.groupby([frame["enterprise_id"], frame["category_id"]]).shift(1)).cumsum()
    run_length = low.groupby(runs).transform("size")
    drop = (ratio <= -limit) & (run_length <= 3)
    next_two_low = series["change"].transform(
        lambda r: r[::-1].rolling(3, min_periods=3).max()[::-1]
    )
    next_two_high = series["change"].transform(
        lambda r: r[::-1].rolling(3, min_periods=3).min()[::-1]
    )
    stepped = (
        ((next_two_high >= step) | (next_two_low <= -step)) & ~(previous.abs() >= step) & ~seasonal
    )
    candidates = []
    for index in frame.index[(jump | drop | stepped) & (frame["period"] >= since)]:
        row = frame.loc[index]
        times = math.exp(row["change"])
        candidates.append(
            Candidate(
                int(row["enterprise_id"]),
                int(row["category_id"]),
                row["period"],
                "generation_change",
                severity_of(1 - min(times, 1 / times)),
                [
                    {
                        "code": "generation_change",
                        "times": round(times, 2),
                        "lasting": bool(stepped[index] and not (jump[index] or drop[index])),
                        "per_output": bool(row["output_known"]),
                    }
                ],
            )
        )
    return candidates


KEY_ORDER = ["enterprise_id", "category_id", "period"]
