"""A causal, univariate anomaly scorer for one time series (``detect_series``).

Every score at row t is computed from rows <= t only, with whole-array numpy/pandas/scipy
operations (IIR filters, trailing rolling windows and quantiles, cumulative maxima, grouped
cumulative maxima), so that a prefix of the series always gets exactly the scores it gets
inside the whole series, and a million points take a few seconds.

Why this shape (see docs/detect_series.md): benchmarks of labelled series (NAB) choose one
threshold for a whole corpus, reward the first alarm inside each anomaly window and charge
every alarm outside. So the score must be continuous and comparable across series (a tail
probability, not a saturated flag), sharp at the onset of an event, and quiet afterwards:

1. **Predict** x[t] from rows < t with several cheap predictors (last value, an EWMA level,
   the value one day and one week back when the timestamps allow) and use, at each row, the
   one with the smallest long-run error.
2. **Standardise** the error by the predictor's recent mean error and, where a day of history
   exists, by the mean error at the same time of day (a burst at 03:00 is rare even if bursts
   at 11:00 are not).
3. **Tail probability** of that standardised error, and of its mean over a short window,
   against their own trailing distribution: a Gaussian tail fitted through the trailing 99th
   and 99.9th percentiles, so heavy-tailed series (bursts) widen their own tail and no score
   saturates (Numenta's "anomaly likelihood", with quantiles instead of mean and variance).
4. **Runs of identical values**, against the series' own rate of repeats: a stuck sensor on a
   noisy series is improbable after a few rows; a series that has always been flat, or counts
   that are often zero, are not.
5. **Gaps** between timestamps, against the trailing median interval and the record so far.
6. **Onsets only.** The evidence (-log10 of a probability) of all components is combined by
   its maximum; within one unsettled stretch (evidence staying above ``settle``), once a row
   has reached ``alarm``, later rows are mapped below ``settle`` unless they beat the
   stretch's maximum so far by ``renewal``: a stuck stretch or a level shift alarms at its
   start, not on every following row.

The score is evidence / (evidence + ``half_evidence``): continuous and strictly increasing in
the evidence, 0.5 at a tail probability of 10**-half_evidence, never exactly 1.

File order is arrival order: a timestamp that repeats or steps back (a clock change) is taken
as no time elapsed (the clock is the running maximum of the timestamps).
"""

import numpy as np
import pandas as pd
from scipy.signal import lfilter
from scipy.special import gammaln, log_ndtr, ndtri

DAY = 86_400.0
WEEK = 7 * DAY
_LOG10 = np.log(10.0)
_MAX_EVIDENCE = 300.0


def series_score(
    timestamps: np.ndarray,
    values: np.ndarray,
    *,
    warmup: int = 100,
    level_alpha: float = 0.1,
    seasons: tuple[float, ...] = (DAY, WEEK),
    season_tolerance: float = 0.02,
    skill_span: int = 4000,
    scale_span: int = 1000,
    seasonal_scale_floor: float = 0.01,
    daily_reach: int = 12,
    quiet_fraction: float = 0.1,
    history: int = 3000,
    history_prior: float = 100.0,
    short_window: int = 5,
    tail_quantiles: tuple[float, float] = (0.9, 0.99),
    spread_floor: float = 0.1,
    repeat_span: int = 2000,
    repeat_strength: float = 20.0,
    gap_min: float = 4.0,
    settle: float = 3.0,
    alarm: float = 5.0,
    renewal: float = 3.0,
    half_evidence: float = 5.0,
) -> np.ndarray:
    """Anomaly score in [0, 1) for every row, causal (row t sees rows <= t only).

    ``timestamps``: datetime64 or seconds, in arrival order (repeats and steps back allowed).
    ``values``: floats; NaN is missing data: such a row is left out of the detector (the
    timestamps around it then show a gap) and gets the score of the latest valid row before it
    (0 if none). The first ``warmup`` valid rows score 0. ``seasons`` are candidate periods in
    seconds; ``season_tolerance`` is how far (as a fraction of the period) the point one period
    back may be from t - period.
    """
    values = np.asarray(values, dtype=np.float64)
    seconds = _seconds(timestamps)
    if len(seconds) != len(values):
        raise ValueError("timestamps and values differ in length")
    scores = np.zeros(len(values))
    valid = np.flatnonzero(~np.isnan(values))
    if not len(valid):
        return scores
    t, x = np.maximum.accumulate(seconds[valid]), values[valid]
    surprise = _surprise(
        t,
        x,
        level_alpha=level_alpha,
        seasons=seasons,
        season_tolerance=season_tolerance,
        skill_span=skill_span,
        scale_span=scale_span,
        seasonal_scale_floor=seasonal_scale_floor,
        daily_reach=daily_reach,
        quiet_fraction=quiet_fraction,
    )
    tail = dict(
        history=history,
        quantiles=tail_quantiles,
        spread_floor=spread_floor,
        history_prior=history_prior,
    )
    short = pd.Series(surprise).rolling(short_window, min_periods=1).mean().to_numpy()
    evidence = np.maximum.reduce(
        [
            _tail_evidence(surprise, lag=1, **tail),
            _tail_evidence(short, lag=short_window, **tail),
            _repeat_evidence(x, span=repeat_span, strength=repeat_strength),
            _gap_evidence(t, gap_min=gap_min),
        ]
    )
    evidence = np.clip(np.nan_to_num(evidence, nan=0.0), 0.0, _MAX_EVIDENCE)
    evidence[:warmup] = 0.0
    evidence = _onsets(evidence, settle=settle, alarm=alarm, renewal=renewal)
    score = evidence / (evidence + half_evidence)
    # A missing value carries the score of the latest valid row before it.
    carried = np.searchsorted(valid, np.arange(len(values)), side="right") - 1
    scores[:] = np.where(carried >= 0, score[np.maximum(carried, 0)], 0.0)
    return scores


def _seconds(timestamps: np.ndarray) -> np.ndarray:
    stamps = np.asarray(timestamps)
    if np.issubdtype(stamps.dtype, np.datetime64):
        return stamps.astype("datetime64[ns]").astype(np.int64) / 1e9
    return stamps.astype(np.float64)


def _ewma(x: np.ndarray, alpha: float) -> np.ndarray:
    """Causal exponentially weighted sum (IIR: y_t = (1 - alpha) y_{t-1} + alpha x_t)."""
    return lfilter([alpha], [1.0, alpha - 1.0], x)


def _lag(x: np.ndarray, fill: float = np.nan) -> np.ndarray:
    return np.concatenate(([fill], x[:-1]))


def _seasonal_references(
    t: np.ndarray,
    smooth: np.ndarray,
    period: float,
    tolerance: float,
    reach: int,
    periods: int = 3,
) -> np.ndarray:
    """For k = 1 .. ``periods``: ``smooth`` (centred over +-``reach`` rows) at the row at or just
    before t - k * period, where that row and its neighbours are before t and its timestamp is
    within ``tolerance * period`` of the target (NaN otherwise)."""
    rows = np.arange(len(t))
    references = []
    for back in range(1, periods + 1):
        target = t - back * period
        j = np.searchsorted(t, target, side="right") - 1
        ok = (j >= 0) & (j + reach < rows)
        ok &= np.abs(t[np.maximum(j, 0)] - target) <= tolerance * period
        references.append(np.where(ok, smooth[np.maximum(j, 0)], np.nan))
    return np.stack(references)


def _seasonal_median(stacked: np.ndarray) -> np.ndarray:
    """The median of three periods' references, so that last period's anomaly is not echoed
    this period; the mean of two, or the one available (NaN if none)."""
    count = (~np.isnan(stacked)).sum(axis=0)
    total = np.nansum(stacked, axis=0)
    highest, lowest = np.fmax.reduce(stacked), np.fmin.reduce(stacked)
    median = np.where(count == 3, total - highest - lowest, total / np.maximum(count, 1))
    return np.where(count > 0, median, np.nan)


def _centred(x: np.ndarray, reach: int) -> np.ndarray:
    return pd.Series(x).rolling(2 * reach + 1, center=True, min_periods=1).mean().to_numpy()


def _predictions(
    t: np.ndarray, x: np.ndarray, *, level_alpha: float, seasons, season_tolerance: float
) -> list[np.ndarray]:
    """One causal prediction of x[i] per predictor, from rows < i (NaN where unavailable)."""
    predictions = [_lag(x), _lag(_ewma(x, level_alpha))]
    smooth = _centred(x, 2)
    for period in seasons:
        if t[-1] - t[0] >= period:
            references = _seasonal_references(t, smooth, period, season_tolerance, 2)
            predictions.append(_seasonal_median(references))
    return predictions


def _normalised_ewma(x: np.ndarray, present: np.ndarray, alpha: float) -> np.ndarray:
    """EWMA of x over the rows where it is present, as known before each row (lagged)."""
    weight = _ewma(present.astype(np.float64), alpha)
    mean = _ewma(np.where(present, x, 0.0), alpha) / np.maximum(weight, 1e-300)
    return _lag(mean), _lag(weight, 0.0)


def _surprise(
    t: np.ndarray,
    x: np.ndarray,
    *,
    level_alpha: float,
    seasons,
    season_tolerance: float,
    skill_span: int,
    scale_span: int,
    seasonal_scale_floor: float,
    daily_reach: int,
    quiet_fraction: float,
) -> np.ndarray:
    """The error of the most skilful predictor over its usual size at this row (>= 0)."""
    skill_alpha = 2.0 / (skill_span + 1.0)
    scale_alpha = 2.0 / (scale_span + 1.0)
    # A predictor is chosen only after about a day of 5-minute rows of record, so that one
    # that has just become available is not preferred on a few quiet rows.
    mature = 1.0 - (1.0 - skill_alpha) ** 300
    tiny = 1e-9 * (_lag(_ewma(np.abs(x), scale_alpha), 0.0) + 1e-3)
    best_skill = np.full(len(x), np.inf)
    best_error = np.full(len(x), np.nan)
    for prediction in _predictions(
        t, x, level_alpha=level_alpha, seasons=seasons, season_tolerance=season_tolerance
    ):
        error = np.abs(x - prediction)
        present = ~np.isnan(error)
        # Skill: the mean error over a long span (one anomalous day must not make a good
        # predictor look bad).
        skill, weight = _normalised_ewma(error, present, skill_alpha)
        first = np.isinf(best_skill) & present  # the last value, until another is mature
        skill = np.where(present & (weight >= mature), skill, np.inf)
        better = (skill < best_skill) | first
        best_skill = np.where(better, skill, best_skill)
        best_error = np.where(better, error, best_error)
    present = ~np.isnan(best_error)
    # The usual size of the chosen predictor's error, over a shorter span; no surprise until
    # it rests on a few dozen rows.
    scale, weight = _normalised_ewma(best_error, present, scale_alpha)
    scale = np.where(weight >= 1.0 - (1.0 - scale_alpha) ** 30, scale, np.nan)
    if DAY in seasons and t[-1] - t[0] >= DAY:
        # The usual error around this time of day (+-``daily_reach`` rows), on average over the
        # last seven days (at least three; rows before t): where it is a small fraction of the
        # overall one (quiet hours), the scale is lowered towards it, so that a burst at 03:00
        # surprises even if bursts at 11:00 do not. Only a clearly quiet hour counts: sparse
        # bursts leave many an ordinary hour without one.
        around = _centred(best_error, daily_reach)
        references = _seasonal_references(t, around, DAY, season_tolerance, daily_reach, 7)
        days = (~np.isnan(references)).sum(axis=0)
        daily = np.nansum(references, axis=0) / np.maximum(days, 1)
        ratio = daily / np.where(scale > 0, quiet_fraction * scale, np.inf)  # flat: no change
        quiet = np.clip(np.where(scale > 0, ratio, 1.0), seasonal_scale_floor, 1.0)
        scale = np.where(days >= 3, scale * np.sqrt(quiet), scale)
    return best_error / (scale + tiny)


# Standard normal quantiles of the two-sided tail probabilities 1 - q.
def _two_sided(q: float) -> float:
    return float(-ndtri((1.0 - q) / 2.0))


def _tail_evidence(
    surprise: np.ndarray,
    *,
    lag: int,
    history: int,
    quantiles: tuple[float, float],
    spread_floor: float,
    history_prior: float,
) -> np.ndarray:
    """-log10 of the tail probability of each surprise beyond the trailing ``quantiles[0]``,
    from a Gaussian tail through the two trailing quantiles of the ``history`` rows ending
    ``lag`` rows before (so an event does not raise its own bar); 0 below that quantile."""
    past = pd.Series(surprise).shift(lag).rolling(history, min_periods=50)
    low, high = (past.quantile(q).to_numpy() for q in quantiles)
    # Quantiles of a short history are uncertain: its evidence counts for less.
    known = past.count().to_numpy()
    trust = known / (known + history_prior)
    z_low, z_high = (_two_sided(q) for q in quantiles)
    spread = np.maximum((high - low) / (z_high - z_low), spread_floor)
    centre = low - z_low * spread
    log_p = np.log(2.0) + log_ndtr(-(surprise - centre) / spread)
    return np.where(surprise > low, -log_p / _LOG10 * trust, 0.0)  # NaN compares False: 0


def _decayed_count(x: np.ndarray, alpha: float) -> np.ndarray:
    """Exponentially decayed sum of x up to the row before each row."""
    return _lag(lfilter([1.0], [1.0, alpha - 1.0], x), 0.0)


def _repeat_evidence(x: np.ndarray, *, span: int, strength: float) -> np.ndarray:
    """-log10 of the probability of the run of identical values ending at each row, as
    predicted when the run began: its first repeat at the series' (decayed) rate of repeats,
    each further one from a Beta posterior of the rate of a repeat after a repeat (its prior:
    the rate of repeats, worth up to ``strength`` rows). A run on a noisy series soon becomes
    improbable; a series flat from its start, or counts often zero, are not surprising."""
    alpha = 2.0 / (span + 1.0)
    repeat = np.r_[False, x[1:] == x[:-1]]
    follows = np.r_[False, repeat[:-1]]
    rows = _decayed_count(np.r_[0.0, np.ones(len(x) - 1)], alpha)
    # Weak priors that lean to repeats: with no history a run is no surprise.
    first = (_decayed_count(repeat, alpha) + 1.0) / (rows + 1.1)
    weight = np.minimum(rows, strength)
    again = _decayed_count(repeat & follows, alpha) + weight * first + 1.0
    ended = _decayed_count(follows & ~repeat, alpha) + weight * (1.0 - first) + 0.1
    index = np.arange(len(x))
    first_repeat = np.maximum.accumulate(np.where(repeat, 0, index)) + 1
    run = index - first_repeat + 1  # repeats ending at this row (0: none)
    begin = np.minimum(first_repeat, index)  # where the run's odds were taken
    a, b, further = again[begin], ended[begin], np.maximum(run - 1, 0)
    log_p = np.log(first[begin]) + (
        gammaln(a + further) - gammaln(a) + gammaln(a + b) - gammaln(a + b + further)
    )
    return np.where(run > 0, -log_p / _LOG10, 0.0)


def _gap_evidence(t: np.ndarray, *, gap_min: float) -> np.ndarray:
    """The interval before row i over the trailing median interval, against the largest such
    ratio so far (and ``gap_min``): twice the record is evidence 10, four times 20."""
    dt = np.diff(t, prepend=t[0])
    dt[0] = np.nan
    typical = pd.Series(dt).rolling(50, min_periods=5).median().shift(1).to_numpy()
    ratio = np.nan_to_num(dt / np.where(typical > 0, typical, np.nan), nan=0.0)
    record = np.maximum(_lag(np.maximum.accumulate(ratio), 0.0), gap_min)
    return 10.0 * np.log2(np.maximum(ratio / record, 1.0))


def _onsets(evidence: np.ndarray, *, settle: float, alarm: float, renewal: float) -> np.ndarray:
    """Damp the rows that follow an alarm within the same unsettled stretch.

    A stretch is a run of rows with evidence >= ``settle``. Once a row of the stretch has
    reached ``alarm``, a later row keeps its evidence only if it beats the stretch's maximum so
    far by ``renewal``; otherwise it is mapped below ``settle`` (continuously, keeping order)."""
    unsettled = evidence >= settle
    stretch = np.cumsum(~unsettled)  # constant over a stretch (and its first quiet row before)
    peak = pd.Series(evidence).groupby(stretch).cummax().to_numpy()
    before = np.where(_lag(stretch, -1) == stretch, _lag(peak, 0.0), 0.0)
    damped = (before >= alarm) & (evidence < before + renewal)
    below = settle * (1.0 - np.exp(-evidence / settle))
    return np.where(damped & unsettled, np.minimum(evidence, below), evidence)
