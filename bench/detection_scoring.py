"""Scoring 1,000,000 enterprise-category-months: the features (pure pandas, as the platform
computes them after reading the ledger) and the model (calibrated scores, and the features that
explain each flagged month), against the bare `IsolationForest.score_samples` on the same
feature matrix, measured in the same run. Target: at most 3×.

The rules are not in this figure: they run as aggregations in the database (see
docs/benchmarks.md).

    .venv/bin/python bench/detection_scoring.py
"""

import json
import os
import sys
import time
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import django_setup, peak_rss_mb

ENTERPRISES = int(os.environ.get("BENCH_SCORING_ENTERPRISES", "5000"))
CATEGORIES = 10
MONTHS = 20
FLOWS = [
    "opening_stock",
    "generated",
    "received",
    "utilised",
    "disposed",
    "transferred_out",
    "closing_stock",
]


def city_table(rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """A balanced ledger table, the weighed transfers and the enterprises' monthly output,
    vectorised."""
    series = ENTERPRISES * CATEGORIES
    level = rng.lognormal(mean=7, sigma=1.2, size=series)
    month = np.arange(MONTHS)
    season = 1 + 0.1 * np.cos(2 * np.pi * (month % 12) / 12)
    generated = level[:, None] * season[None, :] * rng.uniform(0.9, 1.1, (series, MONTHS))
    spikes = rng.random((series, MONTHS)) < 0.01
    generated[spikes] *= 4
    utilised = generated * rng.uniform(0.3, 0.6, (series, MONTHS))
    transferred = (generated - utilised) * rng.uniform(0.7, 1.0, (series, MONTHS))
    change = generated - utilised - transferred
    closing = np.cumsum(change, axis=1) + 100
    opening = closing - change
    periods = [date(2025 + (m // 12), m % 12 + 1, 1) for m in range(MONTHS)]
    frame = pd.DataFrame(
        {
            "enterprise_id": np.repeat(np.arange(ENTERPRISES), CATEGORIES * MONTHS),
            "category_id": np.tile(np.repeat(np.arange(CATEGORIES), MONTHS), ENTERPRISES),
            "period": np.tile(np.array(periods, dtype=object), series),
            "industry": np.repeat(
                rng.choice(["3120", "3216", "4411", "3415"], ENTERPRISES), CATEGORIES * MONTHS
            ),
            "opening_stock": opening.ravel(),
            "generated": generated.ravel(),
            "received": 0.0,
            "utilised": utilised.ravel(),
            "disposed": 0.0,
            "transferred_out": transferred.ravel(),
            "closing_stock": closing.ravel(),
        }
    )
    weighed = frame[["enterprise_id", "category_id", "period"]].copy()
    weighed["measured_out"] = frame["transferred_out"] * rng.uniform(0.98, 1.02, len(frame))
    output = pd.DataFrame(
        {
            "enterprise_id": np.repeat(np.arange(ENTERPRISES), MONTHS),
            "period": np.tile(np.array(periods, dtype=object), ENTERPRISES),
            "output_value": (
                rng.lognormal(mean=9, sigma=1, size=ENTERPRISES)[:, None] * season[None, :]
            ).ravel(),
        }
    )
    return frame, weighed, output


def main() -> dict:
    django_setup()
    from sklearn.ensemble import IsolationForest

    from detection.features import FEATURES, features_compute
    from detection.model import PARAMETERS, build_pipeline, unusual_features

    rng = np.random.default_rng(7)
    table, weighed, output = city_table(rng)
    repeats = pd.DataFrame(columns=["enterprise_id", "category_id", "period", "repeated_weights"])
    since = date(2025, 1, 1)

    started = time.perf_counter()
    features = features_compute(
        table, measured=weighed, repeats=repeats, output=output, since=since
    )
    features_seconds = time.perf_counter() - started
    matrix = features[FEATURES].to_numpy(dtype=float)
    sample = matrix[rng.choice(len(matrix), 50_000, replace=False)]
    pipeline = build_pipeline().fit(sample)  # monthly training: not part of scoring
    raw_sample = -pipeline.score_samples(sample)
    low, high = np.quantile(raw_sample, 0.5), np.quantile(raw_sample, 0.999)

    started = time.perf_counter()
    scores = np.clip((-pipeline.score_samples(matrix) - low) / (high - low), 0, 1)
    flagged = np.flatnonzero(scores >= 0.8)
    reasons = [unusual_features(pipeline, matrix[i]) for i in flagged]
    model_seconds = time.perf_counter() - started

    bare = IsolationForest(**PARAMETERS).fit(sample)
    started = time.perf_counter()
    bare.score_samples(matrix)
    baseline_seconds = time.perf_counter() - started
    total = features_seconds + model_seconds
    return {
        "rows": len(matrix),
        "features_seconds": round(features_seconds, 2),
        "model_seconds": round(model_seconds, 2),
        "flagged": len(flagged),
        "explained": len(reasons),
        "baseline_score_samples_seconds": round(baseline_seconds, 2),
        "ratio_to_baseline": round(total / baseline_seconds, 2),
        "peak_rss_mb": round(peak_rss_mb(os.getpid())),
    }


if __name__ == "__main__":
    print(json.dumps(main(), indent=1))
