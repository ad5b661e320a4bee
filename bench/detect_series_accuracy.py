"""Accuracy of detect_series on synthetic labelled series (14 kinds × 6 seeds), scored the way
NAB scores detectors (early alarms inside each window, penalties outside); see
docs/detect_series.md. Public benchmarks are still to be measured.

    .venv/bin/python bench/detect_series_accuracy.py
"""

import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from monitoring.detection.series import series_score

STEP = 300.0
DAY = 86400.0


def base_seasonal(t, rng, amp=10.0, noise=1.0, kind="pulse"):
    hour = (t % DAY) / 3600
    if kind == "pulse":
        shape = np.where((hour >= 9) & (hour < 17), amp, 0.0)
    else:
        shape = amp * np.sin(2 * np.pi * t / DAY)
    return shape + rng.normal(0, noise, len(t))


def ar(n, rng, phi=0.7, sigma=1.0):
    e = rng.normal(0, sigma, n)
    from scipy.signal import lfilter

    return lfilter([1], [1, -phi], e)


def make(kind, seed):
    rng = np.random.default_rng(seed)
    n = 6000
    t = np.arange(n) * STEP
    onsets = []
    if kind == "spike":
        x = 50 + ar(n, rng)
        for k in (0.4, 0.75):
            i = int(k * n) + rng.integers(0, 100)
            x[i] += rng.choice([-1, 1]) * 8
            onsets.append(i)
    elif kind == "level_shift":
        x = 50 + np.cumsum(rng.normal(0, 0.05, n)) + rng.normal(0, 1, n)
        i = int(0.6 * n) + rng.integers(0, 200)
        x[i:] += 5
        onsets.append(i)
    elif kind == "seasonal_break":
        x = base_seasonal(t, rng)
        day = int(t[int(0.6 * n)] // DAY)
        i0, i1 = int((day * DAY + 9 * 3600) / STEP), int((day * DAY + 17 * 3600) / STEP)
        x[i0:i1] -= 10
        onsets.append(i0)
    elif kind == "seasonal_jump":
        x = base_seasonal(t, rng, kind="sine")
        i = int(0.6 * n) + rng.integers(0, 200)
        x[i:] += 0.5 * 10 * np.sin(2 * np.pi * t[i:] / DAY)
        onsets.append(i)
    elif kind == "variance":
        x = 20 + rng.normal(0, 1, n)
        i = int(0.6 * n) + rng.integers(0, 200)
        x[i:] = 20 + rng.normal(0, 3, n - i)
        onsets.append(i)
    elif kind == "stuck":
        x = 30 + ar(n, rng)
        x = np.round(x, 2)
        i = int(0.5 * n) + rng.integers(0, 200)
        x[i : i + 150] = x[i]
        onsets.append(i + 1)
    elif kind == "gap":
        dt = rng.exponential(STEP, n)
        i = int(0.55 * n) + rng.integers(0, 200)
        dt[i] = 8 * 3600
        t = np.cumsum(dt)
        x = base_seasonal(t, rng, kind="sine")
        onsets.append(i)
    elif kind == "clean":
        x = base_seasonal(t, rng, kind="pulse", noise=2.0)
    elif kind == "trend_dip":
        x = 100 + 0.01 * np.arange(n) + ar(n, rng, sigma=2)
        for k in (0.35, 0.8):
            i = int(k * n) + rng.integers(0, 100)
            x[i : i + 5] -= 15
            onsets.append(i)
    elif kind == "weekly":
        n = 24 * 7 * 8
        t = np.arange(n) * 3600.0
        hour = (t % DAY) / 3600
        weekday = (t // DAY) % 7 < 5
        x = np.where(weekday & (hour >= 8) & (hour < 18), 10.0, 1.0) + rng.normal(0, 0.5, n)
        day = 7 * 6 + 2
        i0 = int(day * 24 + 8)
        x[i0 : i0 + 10] = 1 + rng.normal(0, 0.5, 10)
        onsets.append(i0)
    elif kind == "counts":
        # Integer counts with many repeats (runs are normal here), and a burst.
        x = rng.poisson(2, n).astype(float)
        i = int(0.6 * n) + rng.integers(0, 200)
        x[i : i + 30] = rng.poisson(9, 30)
        onsets.append(i)
    elif kind == "heavy_clean":
        x = 40 + rng.standard_t(3, n)
    elif kind == "small_shift":
        x = 10 + ar(n, rng, phi=0.5)
        i = int(0.6 * n) + rng.integers(0, 200)
        x[i:] += 2.5
        onsets.append(i)
    elif kind == "freq_change":
        x = 5 * np.sin(2 * np.pi * t / (6 * 3600)) + rng.normal(0, 0.5, n)
        i = int(0.6 * n) + rng.integers(0, 200)
        x[i:] = 5 * np.sin(2 * np.pi * t[i:] / (2 * 3600)) + rng.normal(0, 0.5, n - i)
        onsets.append(i)
    return t, x, onsets


KINDS = [
    "spike",
    "level_shift",
    "seasonal_break",
    "seasonal_jump",
    "variance",
    "stuck",
    "gap",
    "clean",
    "trend_dip",
    "weekly",
    "counts",
    "heavy_clean",
    "small_shift",
    "freq_change",
]


def windows_for(n, onsets):
    if not onsets:
        return []
    width = int(0.1 * n / len(onsets))
    return [(max(0, o - width // 2), min(n - 1, o + width // 2)) for o in onsets]


def nab_file(score, windows, threshold, probation):
    det = np.flatnonzero(score >= threshold)
    det = det[det >= probation]
    inwin = np.zeros(len(score), bool)
    raw, hits, positions, delays = 0.0, 0, [], []
    for a, b in windows:
        inwin[a : b + 1] = True
        d = det[(det >= a) & (det <= b)]
        if len(d):
            y = (d[0] - b) / (b - a + 1)
            raw += 2 / (1 + np.exp(5 * y)) - 1
            hits += 1
            positions.append((d[0] - a) / (b - a + 1))
            delays.append(d[0] - (a + b) // 2)
        else:
            raw -= 1
    fp = det[~inwin[det]]
    raw -= 0.11 * len(fp)
    # alarm events: runs of consecutive detections
    events = det[np.r_[True, np.diff(det) > 1]] if len(det) else det
    good_events = int(inwin[events].sum()) if len(events) else 0
    return raw, hits, len(fp), len(events), good_events, positions, delays


def evaluate(params=None, seeds=(1, 2, 3), verbose=False):
    params = params or {}
    data = []
    for kind in KINDS:
        for seed in seeds:
            t, x, onsets = make(kind, seed)
            s = series_score(t, x, **params)
            data.append((kind, s, windows_for(len(x), onsets), int(0.15 * len(x))))
    best = None
    for threshold in np.linspace(0.2, 1.0, 33):
        total = null = perfect = 0.0
        for _kind, s, w, prob in data:
            raw = nab_file(s, w, threshold, prob)[0]
            total += raw
            null -= len(w)
            perfect += len(w) * (2 / (1 + np.exp(-5)) - 1)
        nab = 100 * (total - null) / (perfect - null)
        if best is None or nab > best[0]:
            best = (nab, threshold)
    nab, threshold = best
    per_kind = {}
    tot = dict(windows=0, hits=0, fp_points=0, events=0, good_events=0)
    positions, delays = [], []
    for kind, s, w, prob in data:
        raw, hits, fp, ev, good, pos, dl = nab_file(s, w, threshold, prob)
        k = per_kind.setdefault(kind, dict(windows=0, hits=0, fp_points=0, max_outside=0.0))
        k["windows"] += len(w)
        k["hits"] += hits
        k["fp_points"] += fp
        mask = np.ones(len(s), bool)
        mask[:prob] = False
        for a, b in w:
            mask[a : b + 1] = False
        k["max_outside"] = round(max(k["max_outside"], float(s[mask].max())), 2)
        tot["windows"] += len(w)
        tot["hits"] += hits
        tot["fp_points"] += fp
        tot["events"] += ev
        tot["good_events"] += good
        positions += pos
        delays += dl
    out = dict(
        nab_like=round(nab, 1),
        threshold=round(float(threshold), 3),
        recall=round(tot["hits"] / tot["windows"], 3),
        event_precision=round(tot["good_events"] / max(tot["events"], 1), 3),
        fp_points=tot["fp_points"],
        median_position_in_window=round(float(np.median(positions)), 3) if positions else None,
        median_delay_after_onset_rows=float(np.median(delays)) if delays else None,
    )
    if verbose:
        out["per_kind"] = per_kind
    return out


if __name__ == "__main__":
    params = json.loads(sys.argv[1]) if len(sys.argv) > 1 else {}
    print(json.dumps(evaluate(params, verbose=True), indent=1))
