"""A ledger against itself: stock carried from month to month, and generation against the
enterprise's own history."""

import math
from datetime import date

import numpy as np
from django.db.models import Sum

from detection.candidates import Candidate, severity_of, significant_gap, threshold
from detection.loader import DetectionData
from monitoring.models import LedgerEntry
from wastewatch.periods import month_add


def stock_carry(data: DetectionData) -> list[Candidate]:
    """A month's opening stock must be the previous month's closing stock: waste does not
    appear or vanish between two ledgers."""
    since, enterprise_ids = data.since, data.enterprise_ids
    stocks = LedgerEntry.objects.filter(
        superseded_at__isnull=True,
        period__gte=month_add(since, -1),
        flow__in=[LedgerEntry.Flow.OPENING_STOCK, LedgerEntry.Flow.CLOSING_STOCK],
    )
    if enterprise_ids is not None:
        stocks = stocks.filter(enterprise_id__in=enterprise_ids)
    closing, opening = {}, {}
    for row in stocks.values("enterprise_id", "category_id", "period", "flow").annotate(
        t=Sum("quantity_t")
    ):
        target = opening if row["flow"] == LedgerEntry.Flow.OPENING_STOCK else closing
        target[(row["enterprise_id"], row["category_id"], row["period"])] = float(row["t"])
    candidates = []
    for (enterprise_id, category_id, period), opened in opening.items():
        if period < since:
            continue
        before = closing.get((enterprise_id, category_id, month_add(period, -1)))
        if before is None:
            continue
        ratio = significant_gap(before, opened, thresholds="stock_gap")
        if ratio is None:
            continue
        candidates.append(
            Candidate(
                enterprise_id,
                category_id,
                period,
                "stock_carry",
                severity_of(ratio),
                [
                    {
                        "code": "stock_carry",
                        "closing_t": f"{before:.3f}",
                        "opening_t": f"{opened:.3f}",
                        "period": f"{period:%Y-%m}",
                    }
                ],
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
