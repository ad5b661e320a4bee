"""A causal, univariate anomaly scorer for one time series (``detect_series``).

Every score at row t is computed from rows <= t only, with whole-array numpy/pandas/scipy
operations (sequential IIR filters, trailing rolling windows, cumulative maxima), so that a
prefix of the series always gets exactly the scores it gets inside the whole series, and a
million points take a few seconds.

Why this shape (see docs/detect_series.md): benchmarks of labelled series reward the first
alarm inside each anomaly window and penalise every alarm outside, so the score must be sharp
at onsets and quiet on what the series does every day. Hence:

1. **Predict**, with several cheap predictors (last value, an EWMA level, the value one day
   and one week ago when the timestamps allow), and use at each row the one with the smallest
   recent error: a seasonal series is then judged against its own daily shape, a random walk
   against its last value.
2. **Normalise** the error by that predictor's recent mean error, take log1p, and turn it into
   a Gaussian tail probability against the trailing distribution of the same quantity
   (Numenta's "anomaly likelihood"), for the mean of a short window (sustained changes of
   level or variance) and for the point itself (spikes; a point alarms only when it also
   beats every surprise of the reference window, since real noise has heavier tails).
3. **Sensor faults** that a predictor cannot see: a run of identical values, or a gap between
   timestamps, at least twice as long as any before (and than a floor).

Each tail probability becomes -log10(p) / 10 (1e-5 scores 0.5, 1e-10 or less scores 1); a
fault scores 0.5 at twice its record and 1 at four times; the score is the maximum.
"""

import numpy as np
import pandas as pd
from scipy.signal import lfilter
from scipy.special import log_ndtr

DAY = 86_400.0
WEEK = 7 * DAY
_LOG10 = np.log(10.0)


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
    short_window: int = 10,
    long_window: int = 1000,
    spread_floor: float = 0.1,
    sustained_power: float = 0.4,
    point_margin: float = 0.3,
    gap_min: float = 4.0,
    stuck_min: int = 12,
) -> np.ndarray:
    """Anomaly score in [0, 1] for every row, causal (row t sees rows <= t only).

    ``timestamps``: datetime64 or seconds, non-decreasing. ``values``: floats; NaN is missing
    data: such a row is left out of the detector (the timestamps around it then show a gap)
    and gets the score of the latest valid row before it (0 if none). The first ``warmup``
    valid rows score 0. ``seasons`` are candidate periods in seconds; ``season_tolerance`` is
    how far (as a fraction of the period) the point one period back may be from t - period.
    """
    values = np.asarray(values, dtype=np.float64)
    seconds = _seconds(timestamps)
    if len(seconds) != len(values):
        raise ValueError("timestamps and values differ in length")
    scores = np.zeros(len(values))
    valid = np.flatnonzero(~np.isnan(values))
    if not len(valid):
        return scores
    t, x = seconds[valid], values[valid]
    score = np.maximum.reduce(
        [
            _prediction_scores(
                t,
                x,
                level_alpha=level_alpha,
                seasons=seasons,
                season_tolerance=season_tolerance,
                skill_span=skill_span,
                scale_span=scale_span,
                sustained_power=sustained_power,
                point_margin=point_margin,
                short_window=short_window,
                long_window=long_window,
                spread_floor=spread_floor,
            ),
            _gap_score(t, gap_min=gap_min),
            _stuck_score(x, stuck_min=stuck_min),
        ]
    )
    score[:warmup] = 0.0
    # A missing value carries the score of the latest valid row before it.
    carried = np.searchsorted(valid, np.arange(len(values)), side="right") - 1
    scores[:] = np.where(carried >= 0, score[np.maximum(carried, 0)], 0.0)
    return np.clip(scores, 0.0, 1.0)


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


def _tail_score(log_p: np.ndarray) -> np.ndarray:
    """-log10 of a tail probability, scaled so that 1e-5 is 0.5 and 1e-10 is 1."""
    return np.clip(-log_p / _LOG10 / 10.0, 0.0, 1.0)


def _predictions(
    t: np.ndarray, x: np.ndarray, *, level_alpha: float, seasons, season_tolerance: float
) -> list[np.ndarray]:
    """One causal prediction of x[i] per predictor, from rows < i (NaN where unavailable)."""
    predictions = [_lag(x), _lag(_ewma(x, level_alpha))]
    smooth = pd.Series(x).rolling(5, center=True, min_periods=1).mean().to_numpy()
    span = t[-1] - t[0]
    for period in seasons:
        if span < period:
            continue
        references = []
        for back in (1, 2, 3):
            # The point at or just before t - back * period, smoothed over its +-2 neighbours
            # (all of them before row i, since a period spans far more than two rows).
            target = t - back * period
            j = np.searchsorted(t, target, side="right") - 1
            ok = (j >= 0) & (j + 2 < np.arange(len(t)))
            ok &= np.abs(t[np.maximum(j, 0)] - target) <= season_tolerance * period
            references.append(np.where(ok, smooth[np.maximum(j, 0)], np.nan))
        stacked = np.stack(references)
        count = (~np.isnan(stacked)).sum(axis=0)
        total = np.nansum(stacked, axis=0)
        highest, lowest = np.fmax.reduce(stacked), np.fmin.reduce(stacked)
        # The median of the last three seasons (so that last week's anomaly is not echoed
        # this week), or the mean of two, or the one available.
        median = np.where(count == 3, total - highest - lowest, total / np.maximum(count, 1))
        predictions.append(np.where(count > 0, median, np.nan))
    return predictions


def _normalised_ewma(x: np.ndarray, present: np.ndarray, alpha: float) -> np.ndarray:
    """EWMA of x over the rows where it is present, as known before each row (lagged)."""
    weight = _ewma(present.astype(np.float64), alpha)
    mean = _ewma(np.where(present, x, 0.0), alpha) / np.maximum(weight, 1e-300)
    return _lag(mean), _lag(weight, 0.0)


def _prediction_scores(
    t: np.ndarray,
    x: np.ndarray,
    *,
    level_alpha: float,
    seasons,
    season_tolerance: float,
    skill_span: int,
    scale_span: int,
    short_window: int,
    long_window: int,
    spread_floor: float,
    sustained_power: float,
    point_margin: float,
) -> np.ndarray:
    skill_alpha = 2.0 / (skill_span + 1.0)
    scale_alpha = 2.0 / (scale_span + 1.0)
    mature = 1.0 - (1.0 - skill_alpha) ** 50  # ~50 rows of record before a predictor is chosen
    tiny = 1e-9 * (_lag(_ewma(np.abs(x), scale_alpha), 0.0) + 1e-3)
    best_skill = np.full(len(x), np.inf)
    best_error = np.full(len(x), np.nan)
    best_scale = np.full(len(x), np.nan)
    for prediction in _predictions(
        t, x, level_alpha=level_alpha, seasons=seasons, season_tolerance=season_tolerance
    ):
        error = np.abs(x - prediction)
        present = ~np.isnan(error)
        # Skill: the mean error over a long span (one anomalous day must not make a good
        # predictor look bad); scale: the mean error over a shorter one.
        skill, weight = _normalised_ewma(error, present, skill_alpha)
        scale, _ = _normalised_ewma(error, present, scale_alpha)
        skill = np.where(present & (weight >= mature), skill, np.inf)
        better = skill < best_skill
        best_skill = np.where(better, skill, best_skill)
        best_error = np.where(better, error, best_error)
        best_scale = np.where(better, scale, best_scale)
    surprise = np.log1p(best_error / (np.nan_to_num(best_scale, nan=0.0) + tiny))
    surprise = np.where(np.isnan(surprise), 0.0, np.minimum(surprise, 50.0))
    recent = pd.Series(surprise)
    # The reference distribution ends before the short window, so an anomaly does not
    # raise its own bar.
    history = recent.shift(short_window).rolling(long_window, min_periods=short_window)
    mean = history.mean().to_numpy()
    spread = np.maximum(history.std().to_numpy(), spread_floor)
    short = recent.rolling(short_window, min_periods=1).mean().to_numpy()
    # A single point alarms only if it also beats the largest surprise of the reference
    # window by a margin: heavy-tailed noise is not Gaussian, records are rare in any case.
    point = _tail_score(log_ndtr(-(surprise - mean) / spread))
    record = surprise > history.max().to_numpy() + point_margin
    point = np.where(record, point, np.minimum(point, 0.45))
    # The short mean is less noisy than a point, by less than sqrt(n) (errors are correlated).
    short_spread = spread / short_window**sustained_power
    sustained = _tail_score(log_ndtr(-(short - mean) / short_spread))
    return np.nan_to_num(np.maximum(point, sustained), nan=0.0)


def _record_score(ratio: np.ndarray, record: np.ndarray, floor: float) -> np.ndarray:
    """How far a quantity beats its previous record (and ``floor``): 2x scores 0.5, 4x 1."""
    bar = np.maximum(record, floor)
    return np.clip(0.5 * np.log2(np.maximum(ratio / bar, 1.0)), 0.0, 1.0)


def _gap_score(t: np.ndarray, *, gap_min: float) -> np.ndarray:
    """The interval before row i against the trailing median interval and the longest so far."""
    dt = np.diff(t, prepend=t[0])
    dt[0] = np.nan
    typical = pd.Series(dt).rolling(50, min_periods=5).median().shift(1).to_numpy()
    ratio = np.nan_to_num(dt / np.where(typical > 0, typical, np.nan), nan=0.0)
    record = _lag(np.maximum.accumulate(ratio), 0.0)
    return _record_score(ratio, record, gap_min)


def _stuck_score(x: np.ndarray, *, stuck_min: int) -> np.ndarray:
    """The run of identical values ending at row i against the longest earlier run."""
    index = np.arange(len(x))
    starts = np.r_[True, x[1:] != x[:-1]]
    start = np.maximum.accumulate(np.where(starts, index, 0))
    run = index - start + 1
    longest = np.maximum.accumulate(run)
    record = np.where(start > 0, longest[np.maximum(start - 1, 0)], 0)
    return _record_score(run.astype(np.float64), record.astype(np.float64), float(stuck_min))
