"""The scoring of the Numenta Anomaly Benchmark (Lavin & Ahmad, 2015), as NAB's own scorer
(``nab/sweeper.py``, ``nab/labeler.py``, ``nab/runner.py`` in github.com/numenta/NAB) does it,
for detectors that give every row an anomaly score.

- **Windows.** Around each labelled anomaly point a, a window of ``int(0.10 * n / k)`` rows
  (n rows, k anomalies in the series) centred on a: rows ``a - L // 2`` to ``a + L // 2``,
  clipped to the series. Overlapping windows are merged; a first window that starts inside the
  probationary period is dropped (NAB's ``checkWindows``).
- **Probation.** Rows ``i < min(floor(0.15 * n), 0.15 * 5000)`` are not scored at all (neither
  alarms nor windows there count).
- **What an alarm earns** (NAB's "sweep score" of a row). With the scaled sigmoid
  ``sigma(y) = 2 / (1 + e^(5 y)) - 1`` (and -1 for y >= 3):

  - inside a window of width w ending at row e, at row i: ``y = -(e - i + 1) / w`` (-1 at the
    window's first row, -1/w at its last), earning ``A_TP * sigma(y) / sigma(-1)``: exactly
    A_TP at the window's start, less the later. Only the best (i.e. the first) alarm of a
    window counts;
  - outside windows, every alarm costs ``A_FP * sigma(y)`` with ``y = (i - e) / (w - 1)`` for the
    preceding window (end e, width w), so an alarm just after a window costs little and one
    three widths away costs the full A_FP; with no window before it, the full A_FP;
  - a window without any alarm costs A_FN.
- **Threshold.** An alarm is a row whose score is >= the threshold. One threshold per profile
  for the whole corpus: every distinct score is tried, and the one with the best total is kept
  (NAB's sweeper; 1.1 stands for "no alarm at all").
- **Normalisation,** per profile, corpus-wide: ``100 * (S - S_null) / (S_perfect - S_null)``,
  where S_null is the best total of NAB's null detector (a constant score, so "alarm
  everywhere" or "no alarm": in practice every window missed, -A_FN per window) and S_perfect is
  A_TP per window (one alarm at each window's first row).

The three application profiles are NAB's ``config/profiles.json``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

WINDOW_FRACTION = 0.10
PROBATION_FRACTION = 0.15
NO_ALARM_THRESHOLD = 1.1  # NAB's sweeper starts above every score
NULL_DETECTOR_SCORE = 0.5  # NAB's null detector scores every row 0.5


@dataclass(frozen=True)
class Profile:
    """Weights of an application profile: what a detected window earns (A_TP), what an alarm
    outside windows costs (A_FP) and what a missed window costs (A_FN)."""

    name: str
    tp: float
    fp: float
    fn: float


PROFILES = {
    "standard": Profile("standard", tp=1.0, fp=0.11, fn=1.0),
    "reward_low_FP_rate": Profile("reward_low_FP_rate", tp=1.0, fp=0.22, fn=1.0),
    "reward_low_FN_rate": Profile("reward_low_FN_rate", tp=1.0, fp=0.11, fn=2.0),
}

Window = tuple[int, int]  # first and last row, inclusive


def scaled_sigmoid(y):
    """NAB's ``scaledSigmoid``: 2 / (1 + e^(5 y)) - 1, and exactly -1 from y = 3 on."""
    y = np.asarray(y, dtype=np.float64)
    value = 2.0 / (1.0 + np.exp(5.0 * np.minimum(y, 3.0))) - 1.0
    return np.where(y >= 3.0, -1.0, value)


MAX_TP = float(scaled_sigmoid(-1.0))  # 0.98661...


def probationary_length(n: int, fraction: float = PROBATION_FRACTION) -> int:
    """Number of leading rows not scored: min(floor(0.15 n), 0.15 * 5000) (750 from 5,000 rows
    on), as NAB's ``_getProbationaryLength``; row i is probationary when i < that bound."""
    return math.ceil(min(math.floor(fraction * n), fraction * 5000))


def nab_windows(
    n: int,
    anomalies: Iterable[int],
    *,
    window_fraction: float = WINDOW_FRACTION,
    probation_fraction: float = PROBATION_FRACTION,
) -> list[Window]:
    """Anomaly windows (first row, last row) for a series of n rows labelled at ``anomalies``
    (row indices), as NAB's labeler builds them."""
    points = sorted(int(a) for a in anomalies)
    if not points:
        return []
    if points[0] < 0 or points[-1] >= n:
        raise ValueError("anomaly rows must lie within the series")
    half = int(window_fraction * n / len(points)) // 2
    windows = [(max(a - half, 0), min(a + half, n - 1)) for a in points]
    if windows[0][0] < probationary_length(n, probation_fraction):
        windows.pop(0)
    merged: list[Window] = []
    for start, end in windows:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def windows_from_timestamps(timestamps, limits: Iterable[tuple]) -> list[Window]:
    """Row windows from NAB-style (start timestamp, end timestamp) pairs: each limit is the
    first row carrying exactly that timestamp, as NAB's sweeper finds it (with repeated
    timestamps, give row windows instead)."""
    stamps = np.asarray(timestamps)

    def first_row(value) -> int:
        rows = np.flatnonzero(stamps == np.asarray(value).astype(stamps.dtype))
        if not len(rows):
            raise ValueError(f"window limit {value!r} is not a timestamp of the series")
        return int(rows[0])

    return [(first_row(start), first_row(end)) for start, end in limits]


def _check_windows(n: int, windows: Sequence[Window]) -> None:
    last_end = -1
    for start, end in windows:
        if not 0 <= start <= end < n:
            raise ValueError(f"window {(start, end)} is not within 0..{n - 1}")
        if start <= last_end:
            raise ValueError("windows must be sorted and must not overlap")
        last_end = end


def row_weights(
    n: int, windows: Sequence[Window], profile: Profile
) -> tuple[np.ndarray, np.ndarray]:
    """What an alarm at each row would add to the score (NAB's sweep score), and the window
    of each row (-1 outside windows)."""
    _check_windows(n, windows)
    weight = np.full(n, -profile.fp)  # before the first window: the full FP cost
    window_of = np.full(n, -1, dtype=np.int64)
    rows = np.arange(n)
    for k, (start, end) in enumerate(windows):
        width = end - start + 1
        inside = rows[start : end + 1]
        window_of[start : end + 1] = k
        weight[start : end + 1] = scaled_sigmoid(-(end - inside + 1) / width) * profile.tp / MAX_TP
        following = windows[k + 1][0] if k + 1 < len(windows) else n
        after = rows[end + 1 : following]
        # NAB divides by (width - 1); a one-row window would divide by zero there.
        weight[end + 1 : following] = scaled_sigmoid((after - end) / max(width - 1, 1)) * profile.fp
    return weight, window_of


@dataclass
class LabelledScores:
    """One series as the scorer sees it: a detector's score per row and the anomaly windows."""

    scores: np.ndarray
    windows: list[Window]
    name: str = ""


def _scorable(n: int) -> np.ndarray:
    return np.arange(n) >= probationary_length(n)


def threshold_sweep(
    corpus: Sequence[LabelledScores], profile: Profile
) -> tuple[np.ndarray, np.ndarray]:
    """Corpus total for every candidate threshold, as NAB's ``calcScoreByThreshold``: the
    thresholds (1.1, then every distinct score, descending) and the total at each."""
    base = 0.0
    keys, deltas = [], []
    for series in corpus:
        scores = np.asarray(series.scores, dtype=np.float64)
        if np.isnan(scores).any():
            raise ValueError(f"{series.name or 'a series'}: NaN anomaly scores")
        weight, window_of = row_weights(len(scores), series.windows, profile)
        keep = _scorable(len(scores))
        scores, weight, window_of = scores[keep], weight[keep], window_of[keep]
        outside = window_of < 0
        keys.append(scores[outside])
        deltas.append(weight[outside])
        for k in np.unique(window_of[~outside]):
            rows = np.flatnonzero(window_of == k)
            order = rows[np.argsort(-scores[rows], kind="stable")]
            best = np.maximum.accumulate(weight[order])
            # The window counts -A_FN until its first alarm, then its best alarm so far.
            base -= profile.fn
            keys.append(scores[order])
            deltas.append(np.diff(best, prepend=-profile.fn))
    key = np.concatenate(keys) if keys else np.zeros(0)
    delta = np.concatenate(deltas) if deltas else np.zeros(0)
    order = np.argsort(-key, kind="stable")
    key, total = key[order], base + np.cumsum(delta[order])
    last_of_group = np.flatnonzero(np.r_[key[1:] != key[:-1], True]) if len(key) else []
    thresholds = np.r_[NO_ALARM_THRESHOLD, key[last_of_group]]
    totals = np.r_[base, total[last_of_group]]
    return thresholds, totals


@dataclass
class SeriesScore:
    """A series scored at one threshold."""

    raw: float
    windows: int  # windows with at least one scorable row
    detected: int
    false_alarm_rows: int  # alarms outside windows, after probation


def score_series(
    scores: np.ndarray, windows: Sequence[Window], profile: Profile, threshold: float
) -> SeriesScore:
    """Raw NAB score of one series at a fixed threshold: the first alarm of each window, every
    alarm outside windows, -A_FN per missed window; the probationary rows left out."""
    scores = np.asarray(scores, dtype=np.float64)
    n = len(scores)
    weight, window_of = row_weights(n, windows, profile)
    keep = _scorable(n)
    alarm = (scores >= threshold) & keep
    raw, counted, detected = 0.0, 0, 0
    for start, end in windows:
        if not keep[start : end + 1].any():
            continue
        counted += 1
        hits = np.flatnonzero(alarm[start : end + 1])
        if len(hits):
            raw += float(weight[start + hits[0]])
            detected += 1
        else:
            raw -= profile.fn
    false_alarms = alarm & (window_of < 0)
    raw += float(weight[false_alarms].sum())
    return SeriesScore(raw, counted, detected, int(false_alarms.sum()))


def null_score(corpus: Sequence[LabelledScores], profile: Profile) -> float:
    """Best total of NAB's null detector (0.5 on every row) over the corpus."""
    constant = [
        LabelledScores(np.full(len(s.scores), NULL_DETECTOR_SCORE), s.windows, s.name)
        for s in corpus
    ]
    return float(threshold_sweep(constant, profile)[1].max())


def perfect_score(corpus: Sequence[LabelledScores], profile: Profile) -> float:
    """A_TP per window (NAB's runner: the number of labelled windows times tpWeight)."""
    return profile.tp * sum(len(s.windows) for s in corpus)


def normalise(raw: float, null: float, perfect: float) -> float:
    return 100.0 * (raw - null) / (perfect - null) if perfect != null else float("nan")


@dataclass
class CorpusScore:
    profile: str
    threshold: float
    raw: float
    null: float
    perfect: float
    normalised: float


def score_corpus(corpus: Sequence[LabelledScores], profile: Profile) -> CorpusScore:
    """NAB's optimise-then-score for one profile: the threshold with the best corpus total
    (the highest such threshold on ties, as NAB's stable sort keeps), and that total
    normalised between the null and the perfect detector."""
    thresholds, totals = threshold_sweep(corpus, profile)
    best = int(np.argmax(totals))
    null, perfect = null_score(corpus, profile), perfect_score(corpus, profile)
    return CorpusScore(
        profile.name,
        float(thresholds[best]),
        float(totals[best]),
        null,
        perfect,
        normalise(float(totals[best]), null, perfect),
    )
