"""Synthetic labelled series of many shapes, for scoring series detectors the way NAB scores
them (bench/nab_scoring.py, bench/detect_series_accuracy.py).

Each series has 4,000 to 20,000 rows of 5-minute readings (timestamps from Monday
2026-01-05 00:00 UTC, in arrival order) and its anomalies labelled as single rows (the onset),
all after the first 30 % of the series (past NAB's probation and half a window). Everything is
drawn from ``numpy.random.default_rng`` seeded by the shape and the seed, so a (shape, seed)
pair always gives the same series.

Shapes (what is normal, what is labelled):

- ``flat``: one constant value from the first row to the last; nothing labelled.
- ``stuck``: a noisy daily reading that freezes at its last value (a stuck sensor) until the
  end; the first frozen row is labelled.
- ``bursty_large``: mostly zero, with short bursts every few hours (bursts are normal); two
  bursts about ten times the usual height are labelled.
- ``bursty_offhours``: mostly zero, with bursts only between 08:00 and 18:00; two bursts of
  ordinary height in the small hours are labelled.
- ``seasonal_level_shift``: a daily cycle with noise; a lasting shift of level is labelled.
- ``seasonal_spike``: the same daily cycle; two single-row spikes are labelled.
- ``trend_slope_change``: a slow trend with correlated noise; the row where the slope changes is
  labelled.
- ``random_walk_variance``: a random walk whose steps become 3 to 5 times larger; the change is
  labelled.
- ``step_changes``: a noisy level that steps up or down three times; each step is labelled.
- ``backward_timestamp``: as ``seasonal_level_shift``, but the logger's clock steps back one
  hour once (twelve timestamps repeat, the first of them earlier than the row before it); only
  the level shift is labelled, the clock change is not an anomaly of the measured quantity.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from scipy.signal import lfilter

STEP_SECONDS = 300
DAY_ROWS = 86_400 // STEP_SECONDS  # 288
START = np.datetime64("2026-01-05T00:00:00", "s")
SEEDS = (1, 2, 3, 4, 5)
SHAPES = (
    "flat",
    "stuck",
    "bursty_large",
    "bursty_offhours",
    "seasonal_level_shift",
    "seasonal_spike",
    "trend_slope_change",
    "random_walk_variance",
    "step_changes",
    "backward_timestamp",
)


@dataclass
class LabelledSeries:
    name: str
    shape: str
    seed: int
    timestamps: np.ndarray  # datetime64[s], in arrival order
    values: np.ndarray
    anomalies: list[int]  # labelled rows


def series_corpus(
    seeds: Iterable[int] = SEEDS, shapes: Iterable[str] = SHAPES
) -> list[LabelledSeries]:
    """Every shape for every seed, shape by shape."""
    seeds = tuple(seeds)
    return [make_series(shape, seed) for shape in shapes for seed in seeds]


def make_series(shape: str, seed: int) -> LabelledSeries:
    if shape not in _MAKERS:
        raise ValueError(f"unknown shape {shape!r}")
    rng = np.random.default_rng([zlib.crc32(shape.encode()), seed])
    n = int(rng.integers(4000, 20_001))
    values, anomalies, timestamps = _MAKERS[shape](rng, n)
    if timestamps is None:
        timestamps = START + np.arange(n) * np.timedelta64(STEP_SECONDS, "s")
    return LabelledSeries(
        f"{shape}-{seed}", shape, seed, timestamps, np.asarray(values, float), sorted(anomalies)
    )


def _onsets(rng: np.random.Generator, n: int, k: int) -> list[int]:
    """k labelled rows between 30 % and 92 % of the series, one in the middle part of each of
    k equal stretches, so that their windows (10 % of n / k) never touch."""
    lo, hi = 0.30 * n, 0.92 * n
    stretch = (hi - lo) / k
    return [int(lo + stretch * (j + rng.uniform(0.2, 0.8))) for j in range(k)]


def _ar(rng: np.random.Generator, n: int, phi: float, sigma: float) -> np.ndarray:
    return lfilter([1.0], [1.0, -phi], rng.normal(0.0, sigma, n))


def _daily(rng: np.random.Generator, n: int) -> np.ndarray:
    """A daily cycle (peak in the afternoon, a second harmonic) of amplitude about 10."""
    phase = 2 * np.pi * np.arange(n) / DAY_ROWS
    amplitude = rng.uniform(8.0, 12.0)
    return (
        rng.uniform(20.0, 80.0)
        + amplitude * np.sin(phase - 2.0)
        + 0.3 * amplitude * np.sin(2 * phase + rng.uniform(0, 2 * np.pi))
    )


def _flat(rng, n):
    return np.full(n, round(rng.uniform(1.0, 100.0), 1)), [], None


def _stuck(rng, n):
    x = np.round(_daily(rng, n) * 0.3 + _ar(rng, n, 0.7, 1.0), 2)
    (a,) = _onsets(rng, n, 1)
    x[a:] = x[a - 1]
    return x, [a], None


def _bursts(rng, n, x, starts, typical):
    for start in starts:
        length = int(rng.integers(1, 5))
        x[start : start + length] = np.round(typical * rng.lognormal(0.0, 0.4, length))[: n - start]


def _bursty_large(rng, n):
    x = np.zeros(n)
    typical = rng.uniform(10.0, 30.0)
    _bursts(rng, n, x, np.flatnonzero(rng.random(n) < 1 / 40), typical)
    anomalies = _onsets(rng, n, 2)
    for a in anomalies:
        length = int(rng.integers(2, 5))
        x[a - 2 : a + length + 2] = 0.0
        x[a : a + length] = np.round(
            typical * rng.uniform(8.0, 12.0) * rng.uniform(0.8, 1.2, length)
        )
    return x, anomalies, None


def _bursty_offhours(rng, n):
    x = np.zeros(n)
    typical = rng.uniform(10.0, 30.0)
    hour = (np.arange(n) % DAY_ROWS) / (DAY_ROWS / 24)
    working = (hour >= 8) & (hour < 17.5)
    _bursts(rng, n, x, np.flatnonzero(working & (rng.random(n) < 1 / 15)), typical)
    anomalies = []
    for a in _onsets(rng, n, 2):
        # Moved to between 01:00 and 04:30 of the same day.
        a = (a // DAY_ROWS) * DAY_ROWS + int(rng.uniform(1.0, 4.5) * DAY_ROWS / 24)
        _bursts(rng, n, x, [a], typical)
        x[a] = max(x[a], typical)
        anomalies.append(a)
    return x, anomalies, None


def _seasonal_level_shift(rng, n):
    x = _daily(rng, n) + rng.normal(0.0, 1.0, n)
    (a,) = _onsets(rng, n, 1)
    x[a:] += rng.choice([-1.0, 1.0]) * rng.uniform(4.0, 7.0)
    return x, [a], None


def _seasonal_spike(rng, n):
    x = _daily(rng, n) + rng.normal(0.0, 1.0, n)
    anomalies = _onsets(rng, n, 2)
    for a in anomalies:
        x[a] += rng.choice([-1.0, 1.0]) * rng.uniform(6.0, 9.0)
    return x, anomalies, None


def _trend_slope_change(rng, n):
    rows = np.arange(n)
    (a,) = _onsets(rng, n, 1)
    slope = rng.uniform(-0.005, 0.005)
    change = rng.choice([-1.0, 1.0]) * rng.uniform(0.02, 0.04)
    x = 50.0 + slope * rows + change * np.maximum(rows - a, 0) + _ar(rng, n, 0.7, 1.0)
    return x, [a], None


def _random_walk_variance(rng, n):
    steps = rng.normal(0.0, 1.0, n)
    (a,) = _onsets(rng, n, 1)
    steps[a:] *= rng.uniform(3.0, 5.0)
    return 100.0 + np.cumsum(steps), [a], None


def _step_changes(rng, n):
    x = 20.0 + rng.normal(0.0, 1.0, n)
    anomalies = _onsets(rng, n, 3)
    for a in anomalies:
        x[a:] += rng.choice([-1.0, 1.0]) * rng.uniform(4.0, 8.0)
    return x, anomalies, None


def _backward_timestamp(rng, n):
    x, anomalies, _ = _seasonal_level_shift(rng, n)
    offsets = np.arange(n) * STEP_SECONDS
    back = int(rng.uniform(0.18, 0.25) * n)
    offsets[back:] -= 3600
    return x, anomalies, START + offsets.astype("timedelta64[s]")


_MAKERS = {
    "flat": _flat,
    "stuck": _stuck,
    "bursty_large": _bursty_large,
    "bursty_offhours": _bursty_offhours,
    "seasonal_level_shift": _seasonal_level_shift,
    "seasonal_spike": _seasonal_spike,
    "trend_slope_change": _trend_slope_change,
    "random_walk_variance": _random_walk_variance,
    "step_changes": _step_changes,
    "backward_timestamp": _backward_timestamp,
}
