"""detect_series: one 1,000,000-point series (5-minute readings, a daily shape, noise, a spike,
a level shift, a stuck stretch, a gap) scored by series_score, and the whole command (read,
validate, score, write).

Baseline, measured in the same run: pandas reading and writing the same CSV (the I/O floor).
Target: at least 100,000 points/s for series_score. No database and no Django set-up needed
for the function; the command runs through call_command with the test settings.

    .venv/bin/python bench/detect_series.py        # BENCH_POINTS sets the length
"""

import io
import json
import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.common import peak_rss_mb  # noqa: E402
from detection.series import series_score  # noqa: E402

POINTS = int(os.environ.get("BENCH_POINTS", "1000000"))


def series(n: int, seed: int = 11) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    step = np.full(n, 300.0)
    step[n // 3] = 8 * 3600  # a gap
    t = np.cumsum(step)
    x = 50 + 10 * np.sin(2 * np.pi * t / 86_400) + rng.normal(0, 1, n)
    x[n // 2] += 15  # a spike
    x[2 * n // 3 :] += 5  # a level shift
    x[3 * n // 4 : 3 * n // 4 + 200] = x[3 * n // 4]  # a stuck sensor
    return (np.datetime64("2024-01-01T00:00:00") + t.astype("timedelta64[s]")), x


def timed(function, *args, repeat: int = 3) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function(*args)
        best = min(best, time.perf_counter() - started)
    return best, result


def main() -> dict:
    timestamps, values = series(POINTS)
    score_seconds, scores = timed(series_score, timestamps, values)
    rss_after_score = peak_rss_mb(os.getpid())
    tracemalloc.start()
    series_score(timestamps, values)
    traced_peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()

    with tempfile.TemporaryDirectory() as folder:
        source, output = Path(folder) / "in.csv", Path(folder) / "out.csv"
        pd.DataFrame(
            {
                "timestamp": pd.to_datetime(timestamps).strftime("%Y-%m-%dT%H:%M:%SZ"),
                "value": np.round(values, 3),
            }
        ).to_csv(source, index=False)
        io_seconds, _ = timed(
            lambda: pd.read_csv(source).to_csv(output, index=False, float_format="%.6f"),
            repeat=1,
        )
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
        os.environ.setdefault("WASTEWATCH_VAR_DIR", folder)
        import django
        from django.core.management import call_command

        django.setup()
        command_seconds, _ = timed(
            lambda: call_command(
                "detect_series", "--input", source, "--output", output, stdout=io.StringIO()
            ),
            repeat=1,
        )
        megabytes = source.stat().st_size / 2**20
    return {
        "points": POINTS,
        "csv_mb": round(megabytes, 1),
        "score_seconds": round(score_seconds, 3),
        "points_per_second": round(POINTS / score_seconds),
        "io_baseline_seconds": round(io_seconds, 3),
        "ratio_score_to_io": round(score_seconds / io_seconds, 2),
        "command_seconds": round(command_seconds, 3),
        "ratio_command_to_io": round(command_seconds / io_seconds, 2),
        "score_traced_peak_mb": round(traced_peak),
        "process_peak_rss_mb_after_score": round(rss_after_score),
        "process_peak_rss_mb": round(peak_rss_mb(os.getpid())),
        "alarms_at_0_5": int((scores >= 0.5).sum()),
    }


if __name__ == "__main__":
    print(json.dumps(main(), indent=1))
