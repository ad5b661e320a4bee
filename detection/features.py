"""Features per (enterprise, waste, month) — a waste is the ledger's 8-digit code where it
gives one, else its category — from the platform's own data as the scoring's DetectionData
reads it, each comparable across enterprises of different sizes (ratios, not tonnes), and
causal: a month is compared only with months before it, so scoring the past again gives the
same answer.

- the ledger balance residual (should be ~0) and the stock carried over between months;
- measured (weigh tickets out) vs reported transferred out: weighbridges weigh categories, so
  this is the category's, on each of its wastes;
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

from detection.loader import DetectionData
from monitoring.ledger.columns import FLOW_SIGN

KEY = ["enterprise_id", "category_id", "waste_code", "period"]
SERIES = ["enterprise_id", "category_id", "waste_code"]
CATEGORY_MONTH = ["enterprise_id", "category_id", "period"]
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
# Besides FEATURES, monthly_features returns `output_known` and `peers` (enterprises compared).
EXTRA = ["output_known", "peers"]
EPSILON = 1.0  # tonnes: keeps ratios of tiny quantities from exploding
OUTPUT_COLLAPSED = 0.1  # output below this share of its median: a shutdown, not a trend
MIN_PEERS = 5  # enterprises of a division, waste and month needed for a peer median


def _log_ratio(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    return np.log((numerator.clip(lower=0) + EPSILON) / (denominator.clip(lower=0) + EPSILON))


def monthly_features(data: DetectionData) -> pd.DataFrame:
    """FEATURES for every KEY with a ledger from `data.since` on; the history the loader
    reads before it feeds the comparisons with the past."""
    months = data.ledger_months
    if months.empty:
        return pd.DataFrame(columns=[*KEY, *FEATURES, *EXTRA])
    table = months.drop(columns=["waste", "hazardous"])
    table["industry"] = table["enterprise_id"].map(data.enterprises["industry_code"])
    weighed = data.rollups[data.rollups["direction"] == "out"]
    measured = (
        weighed.assign(period=[day.replace(day=1) for day in weighed["day"]])
        .groupby(CATEGORY_MONTH)["net_t"]
        .sum()
        .rename("measured_out")
        .reset_index()
    )
    return features_compute(
        table,
        measured=measured,
        repeats=data.ticket_repeats,
        output=data.output,
        since=data.since,
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
        .reset_index(level=list(range(len(series_keys))), drop=True)
        .sort_index()
    )


def _last_year(table: pd.DataFrame, column: str) -> pd.Series:
    """The column's value for the same series and month a year before (NaN if none)."""
    months = table["period"].map(lambda d: d.year * 12 + d.month)
    before = table.assign(month_number=months + 12)[[*SERIES, "month_number", column]]
    joined = table[SERIES].assign(month_number=months)
    joined = joined.merge(before, on=[*SERIES, "month_number"], how="left")
    return pd.Series(joined[column].to_numpy(), index=table.index)


def features_compute(
    table: pd.DataFrame,
    *,
    measured: pd.DataFrame,
    repeats: pd.DataFrame,
    output: pd.DataFrame,
    since: date,
) -> pd.DataFrame:
    """The features from a ledger table (KEY, industry, one column per flow; without a
    `waste_code` column, one waste per category), the weighed transfers out and the
    repeated-weight shares per enterprise, category and month (measured_out,
    repeated_weights) and the output values (enterprise_id, period, output_value in 万元):
    pure pandas, so that it can be measured apart from the database."""
    if "waste_code" not in table.columns:
        table = table.assign(waste_code="")
    table = table.merge(output, on=["enterprise_id", "period"], how="left")
    table = table.sort_values(KEY).reset_index(drop=True)
    flows = table[list(FLOW_SIGN)]
    inflow = flows[["opening_stock", "generated", "received"]].sum(axis=1)
    residual = sum(flows[flow] * sign for flow, sign in FLOW_SIGN.items())
    table["balance_residual"] = residual / (inflow + EPSILON)

    series_keys = [table[key] for key in SERIES]
    group = table.groupby(series_keys, sort=False)
    previous_close = group["closing_stock"].shift(1)
    table["stock_carry_gap"] = (
        (table["opening_stock"] - previous_close).abs()
        / (previous_close.abs() + table["opening_stock"].abs() + EPSILON)
    ).fillna(0.0)

    generated_median = _median_before(table["generated"], series_keys)
    generation_change = _log_ratio(table["generated"], generated_median).fillna(0.0)
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
    table.loc[collapsed, "generation_vs_history"] = generation_change[collapsed].clip(lower=0)

    # Peers generate the same waste: the same code, or the same category where it has none.
    waste = table["waste_code"].where(table["waste_code"] != "", table["category_id"].astype(str))
    table["division"] = table["industry"].str[:2]
    peer_keys = [table["division"], waste, table["period"]]
    peer_intensity = intensity.where(running).groupby(peer_keys).transform("median")
    table["peers"] = intensity.where(running).groupby(peer_keys).transform("count")
    table["intensity_vs_peers"] = (
        np.log(intensity / peer_intensity).where(running & (table["peers"] >= MIN_PEERS), 0.0)
    ).fillna(0.0)

    total = table.groupby(["enterprise_id", "period"])["generated"].transform("sum")
    share = (table["generated"] / total.where(total > 0)).fillna(0.0)
    peer_share = share.groupby(peer_keys).transform("median")
    table["generation_vs_peers"] = (share - peer_share).abs()

    # Weighbridges weigh categories: the category's weighed transfers against all of the
    # transfers its wastes report.
    reported_out = table.groupby(CATEGORY_MONTH)["transferred_out"].transform("sum")
    table = table.merge(measured, on=CATEGORY_MONTH, how="left")
    weighed = table["measured_out"].notna()
    table["measured_gap"] = (_log_ratio(table["measured_out"].fillna(0.0), reported_out)).where(
        weighed, 0.0
    )
    table = table.merge(repeats, on=CATEGORY_MONTH, how="left")
    table["repeated_weights"] = table["repeated_weights"].astype(float).fillna(0.0)
    result = table[table["period"] >= since][[*KEY, *FEATURES, *EXTRA]]
    return result.reset_index(drop=True)
