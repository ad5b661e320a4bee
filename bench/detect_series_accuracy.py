"""Accuracy of detect_series (``series_score``) on synthetic labelled series of many shapes
(bench/series_corpus.py: 10 shapes x 5 seeds), scored as NAB scores detectors
(bench/nab_scoring.py: windows, probation, scaled sigmoid, one threshold per profile for the
whole corpus, normalised so that the null detector scores 0 and the perfect one 100).

Detectors, in the same run:

- ``series_score``: the platform's detector, with its defaults;
- ``rolling_z``: a causal rolling z-score, the floor to beat: z = (x - mean) / std over the
  100 rows before each row, mapped to [0, 1] by |z| / (1 + |z|) (any increasing map gives the
  same NAB score, since every distinct score is tried as a threshold);
- ``null``: NAB's null detector (0.5 on every row).

If ``series_score`` raises on a series, that series gets the null detector's scores and is
listed as a failure.

These are synthetic shapes, not the public benchmark. See docs/detect_series.md.

The defaults of ``series_score`` were tuned on seeds 1-5 (``series_corpus.SEEDS``, the default
here); ``--seeds 101-105`` draws held-out series of the same shapes that tuning never saw.

    .venv/bin/python bench/detect_series_accuracy.py [--seeds 101-105]
"""

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.nab_scoring import (
    NULL_DETECTOR_SCORE,
    PROFILES,
    LabelledScores,
    nab_windows,
    normalise,
    null_score,
    perfect_score,
    score_corpus,
    score_series,
)
from bench.series_corpus import SEEDS, SHAPES, series_corpus
from detection.series import series_score

Z_WINDOW = 100


def rolling_z(timestamps: np.ndarray, values: np.ndarray) -> np.ndarray:
    """|z| / (1 + |z|) of each row against the mean and standard deviation of the 100 rows
    before it (0 until there are 100; on a constant window: 0 for the same value, 1 else)."""
    x = pd.Series(values, dtype=float)
    before = x.shift(1).rolling(Z_WINDOW, min_periods=Z_WINDOW)
    mean, std = before.mean().to_numpy(), before.std(ddof=0).to_numpy()
    deviation = np.abs(values - mean)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(std > 0, deviation / std, np.where(deviation > 0, np.inf, 0.0))
    z = np.nan_to_num(z, nan=0.0)
    return np.where(np.isinf(z), 1.0, z / (1.0 + z))


def null_detector(timestamps: np.ndarray, values: np.ndarray) -> np.ndarray:
    return np.full(len(values), NULL_DETECTOR_SCORE)


DETECTORS = {"series_score": series_score, "rolling_z": rolling_z, "null": null_detector}


def seeds_parse(text: str) -> tuple[int, ...]:
    """Seeds as "1-5", "101,103" or a mix ("1-3,7")."""
    seeds: list[int] = []
    for part in text.split(","):
        first, _, last = part.strip().partition("-")
        seeds.extend(range(int(first), int(last or first) + 1))
    if not seeds:
        raise argparse.ArgumentTypeError("no seeds")
    return tuple(seeds)


def run(seeds: tuple[int, ...] = SEEDS) -> dict:
    corpus = series_corpus(seeds)
    windows = {s.name: nab_windows(len(s.values), s.anomalies) for s in corpus}
    scored, failures, seconds = {}, [], {}
    for detector, function in DETECTORS.items():
        started = time.perf_counter()
        scored[detector] = []
        for series in corpus:
            try:
                scores = function(series.timestamps, series.values)
            except Exception as error:  # reported, and scored as the null detector
                failures.append((detector, series.name, f"{type(error).__name__}: {error}"))
                scores = null_detector(series.timestamps, series.values)
            scored[detector].append(LabelledScores(scores, windows[series.name], series.name))
        seconds[detector] = time.perf_counter() - started
    results = {
        detector: {name: score_corpus(items, profile) for name, profile in PROFILES.items()}
        for detector, items in scored.items()
    }
    return dict(
        seeds=seeds,
        corpus=corpus,
        windows=windows,
        scored=scored,
        results=results,
        failures=failures,
        seconds=seconds,
    )


def per_shape(run_result: dict, profile_name: str = "standard") -> list[dict]:
    """Each shape scored at the detector's corpus-wide threshold for the profile, normalised
    between the null and perfect detectors on that shape's windows."""
    profile = PROFILES[profile_name]
    rows = []
    for shape in SHAPES:
        row = {"shape": shape}
        for detector, items in run_result["scored"].items():
            threshold = run_result["results"][detector][profile_name].threshold
            subset = [s for s in items if s.name.rsplit("-", 1)[0] == shape]
            parts = [score_series(s.scores, s.windows, profile, threshold) for s in subset]
            raw = sum(p.raw for p in parts)
            null, perfect = null_score(subset, profile), perfect_score(subset, profile)
            row[detector] = dict(
                score=normalise(raw, null, perfect),
                detected=sum(p.detected for p in parts),
                windows=sum(p.windows for p in parts),
                false_alarm_rows=sum(p.false_alarm_rows for p in parts),
            )
        rows.append(row)
    return rows


def diagnostics(run_result: dict, profile_name: str = "standard") -> list[dict]:
    """Not NAB's figure, to read the one above: each shape scored alone with its own best
    threshold, and the whole corpus scored without that shape (one threshold, as NAB)."""
    profile = PROFILES[profile_name]
    rows = []
    for shape in SHAPES:
        row = {"shape": shape}
        for detector, items in run_result["scored"].items():
            if detector == "null":
                continue
            alone = [s for s in items if s.name.rsplit("-", 1)[0] == shape]
            others = [s for s in items if s.name.rsplit("-", 1)[0] != shape]
            row[detector] = (
                score_corpus(alone, profile).normalised,
                score_corpus(others, profile).normalised,
            )
        rows.append(row)
    return rows


def report(run_result: dict) -> str:
    corpus, results = run_result["corpus"], run_result["results"]
    lines = []
    points = sum(len(s.values) for s in corpus)
    windows = sum(len(w) for w in run_result["windows"].values())
    seeds = ",".join(str(seed) for seed in run_result["seeds"])
    lines.append(
        f"Corpus: {len(corpus)} synthetic series ({len(SHAPES)} shapes x seeds {seeds}), "
        f"{points:,} rows, {windows} anomaly windows (synthetic shapes, not the public benchmark)."
    )
    lines.append("")
    lines.append("NAB score (normalised: null detector 0, perfect 100), threshold in brackets:")
    lines.append("")
    lines.append("| detector | " + " | ".join(PROFILES) + " |")
    lines.append("|---|" + "---|" * len(PROFILES))
    for detector, by_profile in results.items():
        cells = [f"{r.normalised:.1f} ({r.threshold:.3g})" for r in by_profile.values()]
        lines.append(f"| {detector} | " + " | ".join(cells) + " |")
    lines.append("")
    detectors = list(results)
    for profile_name in PROFILES:
        lines.append(
            f"Per shape, {profile_name} profile, at each detector's corpus-wide threshold: "
            "normalised score on the shape's windows; windows found / windows; alarm rows "
            "outside windows."
        )
        lines.append("")
        lines.append("| shape | " + " | ".join(detectors) + " |")
        lines.append("|---|" + "---|" * len(detectors))
        for row in per_shape(run_result, profile_name):
            cells = []
            for detector in detectors:
                cell = row[detector]
                score = "–" if np.isnan(cell["score"]) else f"{cell['score']:.1f}"
                cells.append(
                    f"{score}; {cell['detected']}/{cell['windows']}; {cell['false_alarm_rows']}"
                )
            lines.append(f"| {row['shape']} | " + " | ".join(cells) + " |")
        lines.append("")
    lines.append(
        "Diagnostics (not NAB figures), standard profile: the shape alone with its own best "
        "threshold / the corpus without the shape."
    )
    lines.append("")
    shown = [d for d in detectors if d != "null"]
    lines.append("| shape | " + " | ".join(shown) + " |")
    lines.append("|---|" + "---|" * len(shown))
    for row in diagnostics(run_result):
        cells = []
        for detector in shown:
            alone, without = row[detector]
            alone = "–" if np.isnan(alone) else f"{alone:.1f}"
            cells.append(f"{alone} / {without:.1f}")
        lines.append(f"| {row['shape']} | " + " | ".join(cells) + " |")
    lines.append("")
    flat_shapes = ("flat", "stuck")
    cells = []
    for detector in shown:
        kept = [
            s for s in run_result["scored"][detector] if s.name.rsplit("-", 1)[0] not in flat_shapes
        ]
        cells.append(f"{detector} {score_corpus(kept, PROFILES['standard']).normalised:.1f}")
    lines.append("The corpus without the shapes flat and stuck (standard): " + ", ".join(cells))
    lines.append("")
    failures = run_result["failures"]
    if failures:
        lines.append(f"Failures ({len(failures)}; scored as the null detector):")
        for detector, name, message in failures:
            lines.append(f"- {detector} on {name}: {message}")
    else:
        lines.append("Failures: none.")
    lines.append("")
    lines.append(
        "Detector time over the corpus: "
        + ", ".join(f"{d} {s:.2f} s" for d, s in run_result["seconds"].items())
    )
    return "\n".join(lines)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--seeds",
        type=seeds_parse,
        default=SEEDS,
        help="corpus seeds, e.g. 1-5 (the tuning seeds, default) or 101-105 (held out)",
    )
    arguments = parser.parse_args()
    started = time.perf_counter()
    print(report(run(arguments.seeds)))
    print(f"Total {time.perf_counter() - started:.1f} s")
