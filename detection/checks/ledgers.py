"""A ledger against itself: stock carried from month to month, generation against the
enterprise's own history, and figures too round to have been measured."""

import itertools
import math
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from detection.candidates import Candidate, Severity, severity_of, significant_gap, threshold
from detection.features import OUTPUT_COLLAPSED
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


@dataclass
class _Change:
    """A judged month of one series: how far from its reference, and why it is flagged."""

    index: int
    times: float
    per_output: bool
    lasting_since: date | None = None
    batch_totals: tuple[float, float] | None = None  # 12 months to this one, the 12 before


def generation_change(data: DetectionData) -> list[Candidate]:
    """Generation of each waste — per unit of output where the enterprise reports its output —
    against its own recent months, measured in that series' own variability (`_judged`)."""
    months = data.ledger_months
    if months.empty:
        return []
    output = data.output.set_index(["enterprise_id", "period"])["output_value"]
    candidates = []
    for (enterprise_id, category_id, waste_code), series in months.groupby(
        ["enterprise_id", "category_id", "waste_code"], sort=False
    ):
        periods = list(series["period"])
        generated = series["generated"].to_numpy(dtype=float)
        values = [output.get((enterprise_id, period)) for period in periods]
        produced = np.array([np.nan if v is None else v for v in values], dtype=float)
        for change in _judged(periods, generated, produced):
            period = periods[change.index]
            if period < data.since:
                continue
            reason = {
                "code": "generation_change",
                "times": round(change.times, 2),
                "per_output": change.per_output,
                "lasting": change.lasting_since is not None,
            }
            if change.lasting_since is not None:
                reason["since"] = f"{change.lasting_since:%Y-%m}"
            if change.batch_totals is not None:
                reason = {
                    "code": "generation_batches",
                    "times": round(change.times, 2),
                    "per_output": change.per_output,
                    "total_t": f"{change.batch_totals[0]:.3f}",
                    "before_t": f"{change.batch_totals[1]:.3f}",
                }
            candidates.append(
                Candidate(
                    int(enterprise_id),
                    int(category_id),
                    period,
                    "generation_change",
                    severity_of(1 - min(change.times, 1 / change.times)),
                    [reason],
                    waste_code=waste_code,
                )
            )
    return candidates


# Zero where less than a kilogram was generated (ledgers are kept to the kilogram).
NOTHING_T = 0.0005
# Added to tonnes before taking logs, so that a month of nothing is a finite (large) change.
LOG_FLOOR_T = 0.1
# For a series' months, that floor is this share of its usual month instead (when smaller):
# a fixed 0.1 t would flatten the changes of a hazardous waste made in hundreds of kilograms
# a month, and make a shutdown month's few kilograms look like a rise per unit of output.
LOG_FLOOR_SHARE = 0.01
REFERENCE_MONTHS = 12  # the recent months a month is compared with
MIN_REFERENCE = 3  # fewer than this: too little history to know the series' variability
LOOKBACK_MONTHS = 24  # reference months are sought no further back than this
RUN_MONTHS = 3  # a change that lasts this many months is a lasting one
AHEAD_REFERENCE = 6  # a record's first months: judged on as many of the months after them


def _month_number(period: date) -> int:
    return period.year * 12 + period.month


def _judged(periods: list[date], generated: np.ndarray, produced: np.ndarray) -> list[_Change]:
    """The flagged months of one series (filed months in order; generated tonnes; output
    value in 万元, NaN where not reported):

    - a month is compared with the median of its 12 previous months (as far as 24 months
      back, at least MIN_REFERENCE of them) in units of the series' own spread (`_spread`,
      never below `generation_spread_floor`, widened by √(12 ÷ n) on n < 12 months): per
      unit of output where the output is reported for it and enough of those months, else in
      tonnes;
    - a month ≥ `generation_z` spreads away is flagged; one ≥ `generation_shift_z` away is
      deviant, and every month of a run of RUN_MONTHS deviant months the same way is flagged,
      saying since when. While a run lasts, its months are compared with the months before
      it, for as long as they reach (LOOKBACK_MONTHS): a lasting change stays flagged;
    - not when the same month last year was itself ≥ `generation_shift_z` off the same way
      and about as far (seasonality), not a drop in a month whose output collapsed (a
      shutdown), and never a change under `generation_min_t`;
    - a series generated in batches (`_batch_changes`) is judged on what it generates over a
      year instead."""
    count = len(periods)
    numbers = np.array([_month_number(p) for p in periods])
    floor = threshold("generation_spread_floor")
    z_single, z_shift = threshold("generation_z"), threshold("generation_shift_z")
    min_t = threshold("generation_min_t")
    nothing = generated < NOTHING_T
    # Judged on the months known before it, up to 12: early in a series, as large a share of
    # them must be nothing (3 of 12: a quarter) for it to be a batch series.
    batch_share = threshold("generation_batch_zero_months") / REFERENCE_MONTHS
    batch = np.array(
        [
            i > 0
            and nothing[max(0, i - REFERENCE_MONTHS) : i].sum()
            >= batch_share * min(i, REFERENCE_MONTHS)
            for i in range(count)
        ]
    )
    made = generated[~nothing]
    floor_t = min(LOG_FLOOR_T, LOG_FLOOR_SHARE * float(np.median(made))) if len(made) else NOTHING_T
    floor_t = max(floor_t, NOTHING_T)
    tonnes = np.log(generated + floor_t)
    running_output = produced > 0
    intensity = np.where(
        running_output,
        np.log((generated + floor_t) / np.where(running_output, produced, 1.0)),
        np.nan,
    )
    deviant = np.zeros(count, dtype=bool)
    sign = np.zeros(count)
    z = np.zeros(count)
    deviations = np.zeros(count)
    per_output = np.zeros(count, dtype=bool)
    windows: dict[int, list[int]] = {}
    bases: dict[int, _Base] = {}
    shutdown = np.zeros(count, dtype=bool)
    anchor = None  # the first month of the current run of deviant months
    for i in range(count):
        if batch[i]:
            continue
        continues = (
            anchor is not None
            and deviant[i - 1]
            and numbers[i] - numbers[i - 1] == 1
            and numbers[i] - numbers[anchor] < LOOKBACK_MONTHS
        )
        if continues:
            window = windows[anchor]
        else:
            anchor = None
            window = [
                j
                for j in range(i - 1, -1, -1)
                if numbers[i] - numbers[j] <= LOOKBACK_MONTHS and not batch[j]
            ]
        ahead = len(window) < MIN_REFERENCE
        if ahead:
            # The first months of a record are judged against the year after them, for a
            # rise only: a record that starts below what follows is a plant starting up.
            window = [
                j
                for j in range(count - 1, i, -1)
                if numbers[j] - numbers[i] <= REFERENCE_MONTHS and not batch[j]
            ]
            if len(window) < AHEAD_REFERENCE:
                continue
        windows[i] = window
        output_median = (
            np.nanmedian(produced[window]) if np.isfinite(produced[window]).any() else np.nan
        )
        collapsed = np.isfinite(produced[i]) and produced[i] < OUTPUT_COLLAPSED * output_median
        shutdown[i] = collapsed
        use_output = (
            not collapsed
            and np.isfinite(intensity[i])
            and np.isfinite(intensity[window[:REFERENCE_MONTHS]]).sum() >= MIN_REFERENCE
        )
        measure = intensity if use_output else tonnes
        recent = [j for j in window if np.isfinite(measure[j])]
        reference = measure[recent[:REFERENCE_MONTHS]]
        middle = float(np.median(reference))
        # A spread measured on fewer than 12 months is less certain: widened by √(12 ÷ n).
        spread = max(_spread(measure, numbers, recent, reference, middle), floor) * math.sqrt(
            REFERENCE_MONTHS / len(reference)
        )
        deviation = measure[i] - middle
        expected_t = math.exp(middle) * (produced[i] if use_output else 1.0) - floor_t
        if ahead:
            if deviation / spread >= z_single and abs(generated[i] - expected_t) >= min_t:
                z[i], sign[i], deviations[i] = deviation / spread, 1.0, deviation
                per_output[i] = use_output
            continue
        bases[i] = _Base(
            bool(use_output),
            middle,
            spread * math.sqrt(len(reference) / REFERENCE_MONTHS),
            recent[:REFERENCE_MONTHS],
        )
        if abs(generated[i] - expected_t) < min_t:
            continue
        if collapsed and deviation < 0:  # a shutdown explains less waste
            continue
        # Last year's month within the current run is the run itself, not the season.
        last_year = [
            j for j in range(i) if numbers[i] - numbers[j] == 12 and not (continues and j >= anchor)
        ]
        if last_year:
            before = measure[last_year[0]]
            if (
                np.isfinite(before)
                and abs(measure[i] - before) < z_single * spread
                and (before - middle) * np.sign(deviation) >= z_shift * spread
            ):
                # The same month last year was itself off the same way and about as far: the
                # season's. (A month last year merely on the same side is the series' noise.)
                continue
        z[i], sign[i], deviations[i] = deviation / spread, np.sign(deviation), deviation
        per_output[i] = use_output
        deviant[i] = abs(z[i]) >= z_shift
        if deviant[i] and not (continues and sign[i] == sign[anchor]):
            anchor = i
    changes: dict[int, _Change] = {}
    for i in np.flatnonzero(np.abs(z) >= z_single):
        changes[int(i)] = _Change(int(i), math.exp(deviations[i]), bool(per_output[i]))
    start = 0
    while start < count:
        end = start
        while (
            end + 1 < count
            and deviant[start]
            and deviant[end + 1]
            and sign[end + 1] == sign[start]
            and numbers[end + 1] - numbers[end] == 1
        ):
            end += 1
        if deviant[start] and end - start + 1 >= RUN_MONTHS:
            for i in range(start, end + 1):
                changes[i] = _Change(
                    i, math.exp(deviations[i]), bool(per_output[i]), periods[start]
                )
        start = end + 1
    pooled = _Series(numbers, generated, produced, tonnes, intensity, floor_t, batch | shutdown)
    flagged = np.isin(np.arange(count), list(changes))
    for c in [
        *_pooled_runs(pooled, bases, flagged, periods),
        *_batch_changes(periods, generated, produced, batch),
    ]:
        changes.setdefault(c.index, c)
    return [changes[i] for i in sorted(changes)]


@dataclass
class _Base:
    """What a month of a series is compared with: its measure (per unit of output or in
    tonnes), the reference months' median and spread (log units), and how many they are."""

    per_output: bool
    middle: float
    spread: float
    months: list[int]  # the reference months


@dataclass
class _Series:
    numbers: np.ndarray
    generated: np.ndarray
    produced: np.ndarray
    tonnes: np.ndarray
    intensity: np.ndarray
    floor_t: float
    skipped: np.ndarray  # batch months and shutdowns: no lasting change is read through them


def _pooled_runs(
    series: _Series, bases: dict[int, _Base], flagged: np.ndarray, periods: list[date]
) -> list[_Change]:
    """Lasting changes too small to stand out month by month. For each month at least a
    spread off its reference, the run of consecutive months from it whose mean deviation, in
    units of its standard error (spread × √(1/k + 1/n) for k months against n reference
    months), is largest; runs are taken strongest first, none overlapping another (so a run
    starts where the change does, not at an odd month before it). A run is flagged when it
    reaches `generation_run_z` and a mean change of `generation_run_ratio` (× or ÷), on at
    least `RUN_MONTHS` months against at least `generation_run_reference` reference months:
    each of its months at least a spread off the same way, saying since when; not when the
    same months a year before were off the same way by half as much (a season), nor against
    reference months that were themselves `flagged` (a return to normal after a change is
    not a change)."""
    run_z = threshold("generation_run_z")
    least = threshold("generation_run_reference")
    least_change = math.log(threshold("generation_run_ratio"))
    numbers, count = series.numbers, len(series.numbers)
    runs = []  # (|z|, start, end, direction)
    for start, base in bases.items():
        if len(base.months) < least or series.skipped[start] or flagged[base.months].any():
            continue
        measure = series.intensity if base.per_output else series.tonnes
        end = start
        while (
            end + 1 < count
            and not series.skipped[end + 1]
            and np.isfinite(measure[end + 1])
            and numbers[end + 1] - numbers[end] == 1
        ):
            end += 1
        deviations = measure[start : end + 1] - base.middle
        if len(deviations) < RUN_MONTHS or abs(deviations[0]) < base.spread:
            continue
        k = np.arange(1, len(deviations) + 1)
        means = np.cumsum(deviations) / k
        z = means / (base.spread * np.sqrt(1 / k + 1 / len(base.months)))
        z[: RUN_MONTHS - 1] = 0.0
        z[(np.sign(z) != np.sign(deviations[0])) | (np.abs(means) < least_change)] = 0.0
        best = int(np.argmax(np.abs(z)))
        if abs(z[best]) < run_z:
            continue
        direction = float(np.sign(z[best]))
        run = np.arange(start, start + best + 1)
        before = run[run >= 12]
        before = before[numbers[before] - numbers[before - 12] == 12] - 12
        season = measure[before] - base.middle
        season = season[np.isfinite(season)]
        if len(season) and np.mean(season) * direction >= 0.5 * abs(means[best]):
            continue
        runs.append((abs(z[best]), start, start + best, direction))
    taken = np.zeros(count, dtype=bool)
    found: list[_Change] = []
    for _z, start, end, direction in sorted(runs, reverse=True):
        if taken[start : end + 1].any():
            continue
        taken[start : end + 1] = True
        base = bases[start]
        measure = series.intensity if base.per_output else series.tonnes
        for i in range(start, end + 1):
            deviation = measure[i] - base.middle
            scale = series.produced[i] if base.per_output else 1.0
            expected_t = math.exp(base.middle) * scale - series.floor_t
            if deviation * direction < base.spread:
                continue
            if abs(series.generated[i] - expected_t) < threshold("generation_min_t"):
                continue
            found.append(_Change(i, math.exp(deviation), base.per_output, periods[start]))
    return found


def _spread(
    measure: np.ndarray,
    numbers: np.ndarray,
    months: list[int],
    reference: np.ndarray,
    middle: float,
) -> float:
    """A series' own variability (log units, as a standard deviation): the larger of the
    spread of its recent months around their median (1.4826 × MAD; seasons and trends widen
    it) and that of its month-to-month changes over as many as 24 months (÷ √2), steadier
    than twelve months can say alone."""
    around = 1.4826 * float(np.median(np.abs(reference - middle)))
    steps = [
        measure[later] - measure[earlier]
        for later, earlier in itertools.pairwise(months)
        if numbers[later] - numbers[earlier] == 1
    ]
    if len(steps) < MIN_REFERENCE:
        return around
    step_spread = 1.4826 * float(np.median(np.abs(np.array(steps) - np.median(steps))))
    return max(around, step_spread / math.sqrt(2))


def _batch_changes(
    periods: list[date], generated: np.ndarray, produced: np.ndarray, batch: np.ndarray
) -> list[_Change]:
    """A series generated in batches (waste oil at overhauls, packaging, shutdown months:
    `generation_batch_zero_months` months of nothing among the previous 12) has months of
    nothing between batches, and batches whose timing says nothing: it is judged on what it
    generated over the 12 months to a month against the 12 before (per unit of output when
    the output of both years is reported), flagged on the month that total first moves
    ×/÷ `generation_batch_ratio` from the year before."""
    numbers = [_month_number(p) for p in periods]
    by_number = dict(zip(numbers, range(len(periods)), strict=True))
    ratio_bar = threshold("generation_batch_ratio")
    z_single = threshold("generation_z")
    min_t = threshold("generation_min_t")
    changes, beyond_before = [], False
    for i, number in enumerate(numbers):
        year = [by_number.get(number - k) for k in range(12)]
        before = [by_number.get(number - 12 - k) for k in range(12)]
        if not batch[i] or None in year or None in before:
            beyond_before = False
            continue
        total, total_before = generated[year].sum(), generated[before].sum()
        output, output_before = produced[year].sum(), produced[before].sum()
        per_output = bool(
            np.isfinite(output) and np.isfinite(output_before) and output > 0 and output_before > 0
        )
        ratio = (total + LOG_FLOOR_T) / (total_before + LOG_FLOOR_T)
        if per_output:
            ratio *= output_before / output
        # A year's total is a count of batches times their sizes: one batch more or less in
        # either year (an overhaul a month earlier) moves it by a batch. For such a compound
        # Poisson total the variance is the sum of the squared batches, so the difference of
        # the two years varies by √Σ batch² over both; it must be `generation_z` times that
        # away. A batch filed over two months (a month-end overhaul) counts as one.
        batches = _batches(generated[sorted(before + year)])
        noise = z_single * math.sqrt(float(np.sum(np.square(batches))))
        beyond = abs(total - total_before) >= max(min_t, noise) and (
            ratio >= ratio_bar or ratio <= 1 / ratio_bar
        )
        if beyond and not beyond_before:
            changes.append(
                _Change(
                    i, float(ratio), per_output, batch_totals=(float(total), float(total_before))
                )
            )
        beyond_before = beyond
    return changes


def _batches(generated: np.ndarray) -> np.ndarray:
    """The batches of consecutive months (tonnes of each run of months with some waste)."""
    runs = np.cumsum(generated < NOTHING_T)
    made = generated >= NOTHING_T
    return np.bincount(runs[made], weights=generated[made]) if made.any() else np.zeros(0)


# The flows an enterprise states; stocks follow from them and say nothing of their own.
STATED_FLOWS = ("generated", "received", "utilised", "disposed", "transferred_out")
ROUND_UNITS_KG = (100_000, 50_000, 10_000)  # round figures: multiples of 100, 50 or 10 t
GRAINS_KG = (100_000, 50_000, 10_000, 1_000, 100, 10, 1)  # what a figure is a multiple of
MIN_HISTORY_FIGURES = 6  # fewer earlier figures than this say nothing of a usual precision


def _grain_kg(kilograms: int) -> int:
    return next(grain for grain in GRAINS_KG if kilograms % grain == 0)


def round_figures(data: DetectionData) -> list[Candidate]:
    """Figures of a waste that are round (multiples of 10, 50 or 100 t) month after month,
    where the enterprise's other figures (earlier ones; later ones where the record starts
    with the run), or the weighbridge, show real quantities are not:
    estimated, not measured. Flags every month of a run of at least `round_figures_months`
    consecutive months with round figures whose chance (`_round_chance`) is at most
    `round_figures_chance`."""
    months = data.ledger_months
    if months.empty:
        return []
    weighed = set(
        data.rollups.loc[data.rollups["net_t"] > 0, ["enterprise_id", "category_id"]]
        .drop_duplicates()
        .itertuples(index=False, name=None)
    )
    candidates = []
    for (enterprise_id, category_id, waste_code), series in months.groupby(
        ["enterprise_id", "category_id", "waste_code"], sort=False
    ):
        periods = list(series["period"])
        figures = [
            _stated(row) for row in series[list(STATED_FLOWS)].itertuples(index=False, name=None)
        ]
        for first, last, chance, grain in _round_runs(
            periods, figures, weighed=(enterprise_id, category_id) in weighed
        ):
            for index in range(first, last + 1):
                if periods[index] < data.since:
                    continue
                candidates.append(
                    Candidate(
                        int(enterprise_id),
                        int(category_id),
                        periods[index],
                        "round_figures",
                        Severity.MEDIUM,
                        [
                            {
                                "code": "round_figures",
                                "months": last - first + 1,
                                "first": f"{periods[first]:%Y-%m}",
                                "last": f"{periods[last]:%Y-%m}",
                                "figures": [
                                    [flow, f"{kilograms / 1000:.3f}"]
                                    for flow, kilograms in figures[index]
                                    if _round_unit(kilograms)
                                ],
                                "grain": f"{grain / 1000:g}",
                                "odds": round(min(1 / chance, 1e6)),
                            }
                        ],
                        waste_code=waste_code,
                    )
                )
    return candidates


def _stated(row: tuple[float, ...]) -> list[tuple[str, int]]:
    """A month's stated figures that could be round (10 t or more), in kilograms, each value
    once: a figure copied into a second flow (all that was generated, used) is one figure."""
    figures: dict[int, str] = {}
    for flow, tonnes in zip(STATED_FLOWS, row, strict=True):
        kilograms = round(float(tonnes) * 1000)
        if kilograms >= min(ROUND_UNITS_KG):
            figures.setdefault(kilograms, flow)
    return [(flow, kilograms) for kilograms, flow in figures.items()]


def _round_unit(kilograms: int) -> int | None:
    return next((unit for unit in ROUND_UNITS_KG if kilograms % unit == 0), None)


def _round_runs(
    periods: list[date], figures: list[list[tuple[str, int]]], *, weighed: bool
) -> list[tuple[int, int, float, int]]:
    """(first, last, chance, usual grain in kg) of each run of consecutive months with round
    figures that is long and unlikely enough to flag."""
    numbers = [_month_number(p) for p in periods]
    runs, start = [], None
    for index in range(len(periods) + 1):
        is_round = index < len(periods) and any(_round_unit(kg) for _f, kg in figures[index])
        follows = (
            start is not None and index < len(periods) and numbers[index] - numbers[index - 1] == 1
        )
        if start is not None and not (is_round and follows):
            runs.append((start, index - 1))
            start = None
        if is_round and start is None:
            start = index
    flagged = []
    for first, last in runs:
        if last - first + 1 < threshold("round_figures_months"):
            continue
        # The figures before the run say how precisely the enterprise states this waste; in
        # a record that starts with the run, those after it do.
        before = [kg for month in figures[:first] for _f, kg in month]
        after = [kg for month in figures[last + 1 :] for _f, kg in month]
        grain = _usual_grain(before if len(before) >= MIN_HISTORY_FIGURES else after, weighed)
        if grain is None:
            continue
        chance = math.prod(_round_chance(figures[i], grain) for i in range(first, last + 1))
        if chance <= threshold("round_figures_chance"):
            flagged.append((first, last, chance, grain))
    return flagged


def _usual_grain(earlier: list[int], weighed: bool) -> int | None:
    """The precision (kg) the enterprise's earlier figures of the waste are stated to: the
    grain that 80 % of them are finer than or equal to, so that an enterprise that always
    states whole tonnes (or tens) is judged as such. Without enough earlier figures, whole
    tonnes where the weighbridge weighs the waste (its weights are never round, so the
    figures could be stated to the tonne at least), else None: nothing to judge by."""
    if len(earlier) >= MIN_HISTORY_FIGURES:
        return int(np.quantile([_grain_kg(kg) for kg in earlier], 0.8, method="higher"))
    return 1_000 if weighed else None


def _round_chance(month: list[tuple[str, int]], grain: int) -> float:
    """The chance that a month of honest figures stated to `grain` has at least as many round
    ones: each figure is a multiple of its unit with probability grain ÷ unit, and any k of
    the month's n distinct figures could be those (a union bound: n choose k times the
    product)."""
    units = [_round_unit(kg) for _f, kg in month]
    chances = [min(1.0, grain / unit) for unit in units if unit]
    return min(1.0, math.comb(len(month), len(chances)) * math.prod(chances))
