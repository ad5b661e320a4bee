"""Features per (enterprise, waste category, month), from the platform's own data, each
comparable across enterprises of different sizes (ratios, not tonnes), and causal: a month is
compared only with months before it, so scoring the past again gives the same answer.

- the ledger balance residual (should be ~0) and the stock carried over between months;
- measured (weigh tickets out) vs reported transferred out;
- generation against the enterprise's own history (median of the previous 12 months, and the
  same month a year before: seasonality) and against peers (same GB/T 4754 division and waste,
  same month, median generation share of the enterprise's total);
- where the enterprise reports its output value (economic figures), generation per unit of
  output instead: against its own history, the same month a year before, and its peers' median.
  A plant that produced less generates less; a plant that produced as much and reports less
  waste is under-reporting. Each month uses one of the two, so `generation_*` is 0 where
  `intensity_*` applies and the other way round;
- device data quality from the tickets (share of repeated identical net weights).
"""

from datetime import date

import numpy as np
import pandas as pd
from django.db.models import Count, F, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from monitoring.ledger.columns import FLOW_SIGN
from monitoring.models import LedgerEntry, TicketRollup, WeighTicket
from monitoring.rollups import local_day_start
from parks.selectors import economic_output

KEY = ["enterprise_id", "category_id", "period"]
FEATURES = [
    "balance_residual",
    "stock_carry_gap",
    "measured_gap",
    "generation_vs_history",
    "generation_vs_last_year",
    "generation_vs_peers",
    "intensity_vs_history",
    "intensity_vs_last_year",
    "intensity_vs_peers",
    "repeated_weights",
]
# Besides FEATURES, monthly_features returns, for the rules: `change` (log ratio of the month
# to the enterprise's recent median: per unit of output where known, else generation),
# `change_vs_last_year` (likewise), `output_known`, and `peers` (enterprises compared).
EXTRA = ["change", "change_vs_last_year", "output_known", "peers"]
EPSILON = 1.0  # tonnes: keeps ratios of tiny quantities from exploding
OUTPUT_COLLAPSED = 0.1  # output below this share of its median: a shutdown, not a trend
MIN_PEERS = 5  # enterprises of a division, waste and month needed for a peer median


def _log_ratio(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    return np.log((numerator.clip(lower=0) + EPSILON) / (denominator.clip(lower=0) + EPSILON))


def ledger_table(*, since: date, enterprise_ids: list[int] | None = None) -> pd.DataFrame:
    """Current figures, one row per KEY, one column per flow (tonnes), plus the industry."""
    entries = LedgerEntry.objects.filter(superseded_at__isnull=True, period__gte=since)
    if enterprise_ids is not None:
        entries = entries.filter(enterprise_id__in=enterprise_ids)
    rows = pd.DataFrame.from_records(
        entries.values(
            "enterprise_id", "category_id", "period", "flow", "enterprise__industry_code"
        ).annotate(t=Sum("quantity_t")),
    )
    if rows.empty:
        return pd.DataFrame(columns=[*KEY, "industry", *LedgerEntry.Flow.values])
    rows["t"] = rows["t"].astype(float)
    table = rows.pivot_table(
        index=[*KEY, "enterprise__industry_code"],
        columns="flow",
        values="t",
        aggfunc="sum",
        fill_value=0.0,
    ).reset_index()
    table = table.rename(columns={"enterprise__industry_code": "industry"})
    for flow in LedgerEntry.Flow.values:
        if flow not in table.columns:
            table[flow] = 0.0
    table.columns.name = None
    return table


def monthly_features(
    *, since: date, enterprise_ids: list[int] | None = None, history_from: date | None = None
) -> pd.DataFrame:
    """FEATURES for every KEY with a ledger from `since` on; history from `history_from`
    (default: 13 months earlier) feeds the comparisons with the past."""
    history_from = history_from or date(since.year - 1, since.month, 1)
    table = ledger_table(since=history_from, enterprise_ids=enterprise_ids)
    if table.empty:
        return pd.DataFrame(columns=[*KEY, *FEATURES, *EXTRA])
    return features_compute(
        table,
        measured=_measured(since=history_from, enterprise_ids=enterprise_ids),
        repeats=_repeats(since=history_from, enterprise_ids=enterprise_ids),
        output=_output(since=history_from, enterprise_ids=enterprise_ids),
        since=since,
    )


def _median_before(values: pd.Series, series_keys: list[pd.Series]) -> pd.Series:
    """Per series, the median of the previous 12 values (at least 3; missing ones skipped),
    without a Python loop."""
    return (
        values.groupby(series_keys, sort=False)
        .shift(1)
        .groupby(series_keys, sort=False)
        .rolling(12, min_periods=3)
        .median()
        .reset_index(level=[0, 1], drop=True)
        .sort_index()
    )


def _last_year(table: pd.DataFrame, column: str) -> pd.Series:
    """The column's value for the same series and month a year before (NaN if none)."""
    months = table["period"].map(lambda d: d.year * 12 + d.month)
    before = table.assign(month_number=months + 12)[
        ["enterprise_id", "category_id", "month_number", column]
    ]
    joined = table[["enterprise_id", "category_id"]].assign(month_number=months)
    joined = joined.merge(before, on=["enterprise_id", "category_id", "month_number"], how="left")
    return pd.Series(joined[column].to_numpy(), index=table.index)


def features_compute(
    table: pd.DataFrame,
    *,
    measured: pd.DataFrame,
    repeats: pd.DataFrame,
    output: pd.DataFrame,
    since: date,
) -> pd.DataFrame:
    """The features from a ledger table (KEY, industry, one column per flow), the weighed
    transfers out (KEY, measured_out), the repeated-weight shares (KEY, repeated_weights) and
    the output values (enterprise_id, period, output_value in 万元): pure pandas, so that it
    can be measured apart from the database."""
    table = table.merge(output, on=["enterprise_id", "period"], how="left")
    table = table.sort_values(KEY).reset_index(drop=True)
    flows = table[LedgerEntry.Flow.values]
    inflow = flows[["opening_stock", "generated", "received"]].sum(axis=1)
    residual = sum(flows[flow] * sign for flow, sign in FLOW_SIGN.items())
    table["balance_residual"] = residual / (inflow + EPSILON)

    series_keys = [table["enterprise_id"], table["category_id"]]
    group = table.groupby(series_keys, sort=False)
    previous_close = group["closing_stock"].shift(1)
    table["stock_carry_gap"] = (
        (table["opening_stock"] - previous_close).abs()
        / (previous_close.abs() + table["opening_stock"].abs() + EPSILON)
    ).fillna(0.0)

    generated_median = _median_before(table["generated"], series_keys)
    generation_change = _log_ratio(table["generated"], generated_median)
    generation_change = generation_change.fillna(0.0)
    generated_last_year = _last_year(table, "generated")
    generation_yearly = _log_ratio(table["generated"], generated_last_year).fillna(0.0)

    # Per unit of output, where the output is reported and the plant ran (not a shutdown).
    output_value = table["output_value"].astype(float)
    output_median = _median_before(output_value, series_keys)
    running = output_value > OUTPUT_COLLAPSED * output_median.fillna(0.0)
    # Only for waste the enterprise generates (now or usually): not for what a receiver takes in.
    generates = (table["generated"] > EPSILON) | (generated_median > EPSILON)
    intensity = ((table["generated"] + EPSILON) / output_value).where(
        (output_value > 0) & generates
    )
    intensity_change = np.log(intensity / _median_before(intensity, series_keys))
    intensity_yearly = np.log(intensity / _last_year(table.assign(i=intensity), "i"))
    known = running & intensity_change.notna()
    table["output_known"] = known
    table["generation_vs_history"] = generation_change.where(~known, 0.0)
    table["intensity_vs_history"] = intensity_change.where(known, 0.0)
    yearly_known = running & intensity_yearly.notna()
    table["generation_vs_last_year"] = generation_yearly.where(~yearly_known, 0.0)
    table["intensity_vs_last_year"] = intensity_yearly.where(yearly_known, 0.0)
    # A shutdown explains less waste, never more.
    collapsed = output_value.notna() & ~running
    table["change"] = np.where(
        known,
        intensity_change,
        np.where(collapsed, generation_change.clip(lower=0), generation_change),
    )
    table["change_vs_last_year"] = np.where(yearly_known, intensity_yearly, generation_yearly)

    table["division"] = table["industry"].str[:2]
    peer_keys = [table["division"], table["category_id"], table["period"]]
    peer_intensity = intensity.where(running).groupby(peer_keys).transform("median")
    table["peers"] = intensity.where(running).groupby(peer_keys).transform("count")
    table["intensity_vs_peers"] = (
        np.log(intensity / peer_intensity).where(running & (table["peers"] >= MIN_PEERS), 0.0)
    ).fillna(0.0)

    total = table.groupby(["enterprise_id", "period"])["generated"].transform("sum")
    share = table["generated"] / (total + EPSILON)
    peer_share = share.groupby(peer_keys).transform("median")
    table["generation_vs_peers"] = (share - peer_share).abs()

    table = table.merge(measured, on=KEY, how="left")
    weighed = table["measured_out"].notna()
    table["measured_gap"] = (
        _log_ratio(table["measured_out"].fillna(0.0), table["transferred_out"])
    ).where(weighed, 0.0)
    table = table.merge(repeats, on=KEY, how="left")
    table["repeated_weights"] = table["repeated_weights"].fillna(0.0)
    result = table[table["period"] >= since][[*KEY, *FEATURES, *EXTRA]]
    return result.reset_index(drop=True)


def _output(*, since: date, enterprise_ids: list[int] | None) -> pd.DataFrame:
    figures = economic_output(since=since, enterprise_ids=enterprise_ids)
    return pd.DataFrame(
        [(enterprise, period, value) for (enterprise, period), (value, _added) in figures.items()],
        columns=["enterprise_id", "period", "output_value"],
    )


def _measured(*, since: date, enterprise_ids: list[int] | None) -> pd.DataFrame:
    rollups = TicketRollup.objects.filter(direction="out", day__gte=since)
    if enterprise_ids is not None:
        rollups = rollups.filter(enterprise_id__in=enterprise_ids)
    frame = pd.DataFrame.from_records(
        rollups.annotate(period=TruncMonth("day"))
        .values("enterprise_id", "category_id", "period")
        .annotate(measured_out=Sum("net_t")),
        columns=[*KEY, "measured_out"],
    )
    frame["measured_out"] = frame["measured_out"].astype(float)
    return frame


def _repeats(*, since: date, enterprise_ids: list[int] | None) -> pd.DataFrame:
    """Share of a month's tickets that repeat an identical net weight of the same point:
    stuck sensors and loads weighed twice."""
    tickets = WeighTicket.objects.filter(weighed_at__gte=local_day_start(since))
    if enterprise_ids is not None:
        tickets = tickets.filter(point__enterprise_id__in=enterprise_ids)
    counts = pd.DataFrame.from_records(
        tickets.annotate(
            period=TruncMonth("weighed_at", tzinfo=timezone.get_default_timezone()),
            enterprise_id=F("point__enterprise_id"),
        )
        .values("enterprise_id", "category_id", "period", "net_t")
        .annotate(n=Count("id")),
        columns=["enterprise_id", "category_id", "period", "net_t", "n"],
    )
    if counts.empty:
        return pd.DataFrame(columns=[*KEY, "repeated_weights"])
    counts["period"] = pd.to_datetime(counts["period"]).dt.date
    counts["repeats"] = counts["n"] - 1
    sums = counts.groupby(KEY).agg(repeats=("repeats", "sum"), n=("n", "sum")).reset_index()
    sums["repeated_weights"] = sums["repeats"] / sums["n"]
    return sums[[*KEY, "repeated_weights"]]
