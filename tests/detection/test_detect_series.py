"""detect_series: a causal anomaly score for one univariate series, through the command (CSV in,
CSV out) and through series_score. Alarms are judged at 0.5, a tail probability of 1e-5 (the
onset of an event); the rows after an onset are judged at SETTLED, the score of the level at
which the detector considers the series settled."""

import io

import numpy as np
import pandas as pd
import pytest
from django.core.management import CommandError, call_command

from detection.series import series_score

ALARM = 0.5
SETTLED = 3.0 / (3.0 + 5.0)
FIVE_MINUTES = 300.0
DAY = 86_400.0


def noisy(n: int, seed: int = 1, level: float = 50.0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return np.arange(n) * FIVE_MINUTES, level + rng.normal(0, 1, n)


def office_hours(days: int, seed: int = 2) -> tuple[np.ndarray, np.ndarray]:
    """Every 5 minutes, a load of 10 from 9:00 to 17:00 and 0 otherwise, plus noise."""
    rng = np.random.default_rng(seed)
    t = np.arange(days * 288) * FIVE_MINUTES
    hour = t % DAY / 3600
    return t, np.where((hour >= 9) & (hour < 17), 10.0, 0.0) + rng.normal(0, 1, len(t))


def run(tmp_path, text: str) -> pd.DataFrame:
    source, output = tmp_path / "in.csv", tmp_path / "out.csv"
    source.write_text(text, encoding="utf-8")
    call_command("detect_series", "--input", source, "--output", output, stdout=io.StringIO())
    return pd.read_csv(output, dtype={"timestamp": str, "value": str})


def fails(tmp_path, text: str | None) -> str:
    source = tmp_path / "in.csv"
    if text is not None:
        source.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError) as error:
        call_command("detect_series", "--input", source, "--output", tmp_path / "out.csv")
    return str(error.value).removeprefix(f"{source}: ")


def test_it_writes_every_row_back_in_order_with_a_score(tmp_path):
    t, x = noisy(400)
    x[300] += 12
    stamps = pd.to_datetime(t, unit="s").strftime("%Y-%m-%dT%H:%M:%S")
    lines = [f"{s},{v:.3f}" for s, v in zip(stamps, x, strict=True)]
    out = run(tmp_path, "timestamp,value\n" + "\n".join(lines) + "\n")
    assert list(out.columns) == ["timestamp", "value", "anomaly_score"]
    assert list(out["timestamp"]) == list(stamps)
    assert list(out["value"]) == [line.split(",")[1] for line in lines]
    assert out["anomaly_score"].notna().all()
    assert out["anomaly_score"].between(0, 1).all()
    assert out["anomaly_score"].idxmax() == 300


def test_it_is_causal_a_prefix_scores_the_same_alone(tmp_path):
    t, x = office_hours(12)
    x[2500:2520] += 8
    x[3000:3040] = x[3000]
    whole = series_score(t, x)
    for k in (1, 57, 288, 1000, 2510, 3020, len(x) - 1):
        assert np.array_equal(series_score(t[:k], x[:k]), whole[:k]), k


def test_it_warms_up_with_low_scores_not_blanks():
    t, x = noisy(300)
    scores = series_score(t, x)
    assert not np.isnan(scores).any()
    assert (scores[:100] == 0).all()


def test_it_flags_a_spike_and_nothing_else_once_it_knows_the_noise():
    t, x = noisy(3000)
    x[2500] += 10
    scores = series_score(t, x)
    assert scores[2500] >= ALARM
    assert np.delete(scores[1000:], 1500).max() < ALARM


def test_it_gives_noise_continuous_scores_without_ties_or_saturation():
    t, x = noisy(5000, seed=4)
    scores = series_score(t, x)
    raised = scores[scores > 0]
    assert len(raised) > 100
    assert len(np.unique(raised)) == len(raised)
    assert scores.max() < 1


def test_it_flags_a_level_shift_where_it_starts_not_on_every_row_after():
    t, x = noisy(2000)
    x[1400:] += 5
    scores = series_score(t, x)
    assert scores[1400:1405].max() >= ALARM
    assert scores[:1400].max() < ALARM
    assert (scores[1400:1450] >= ALARM).sum() <= 3
    assert scores[1600:].max() < ALARM  # the new level is learnt


def test_it_flags_a_change_into_flatness_at_its_start_only():
    t, x = noisy(3000)
    x = np.round(x, 2)
    x[2000:] = x[2000]  # a stuck sensor, to the end
    scores = series_score(t, x)
    onset = np.flatnonzero(scores >= ALARM)
    assert len(onset) and 2000 <= onset[0] <= 2010
    assert scores[:2000].max() < ALARM
    assert scores[onset[-1] + 1 :].max() <= SETTLED
    assert len(onset) <= 5


def test_a_series_flat_from_its_start_stays_low():
    t = np.arange(10_000) * FIVE_MINUTES
    scores = series_score(t, np.full(len(t), 42.0))
    assert scores.max() < 0.1


def test_a_change_out_of_flatness_alarms():
    t = np.arange(3000) * FIVE_MINUTES
    x = np.full(len(t), 42.0)
    x[2000:] += 1.0
    scores = series_score(t, x)
    assert scores[2000] >= ALARM
    assert scores[:2000].max() < 0.1
    assert scores[2001:].max() <= SETTLED


def test_it_does_not_flag_daily_peaks_but_flags_a_missing_one():
    t, x = office_hours(14)
    broken = 10 * 288 + 9 * 12  # day 10, 9:00: the load does not come
    x[broken : broken + 96] -= 10
    scores = series_score(t, x)
    assert scores[4 * 288 : broken].max() < ALARM
    assert scores[broken : broken + 12].max() >= ALARM
    assert scores[broken + 96 :].max() < ALARM  # not echoed a day or a week later


def test_it_flags_a_long_gap_in_irregular_sampling():
    rng = np.random.default_rng(3)
    dt = rng.exponential(FIVE_MINUTES, 3000)
    dt[2000] = 6 * 3600
    t = np.cumsum(dt)
    x = 5 * np.sin(2 * np.pi * t / DAY) + rng.normal(0, 0.5, len(t))
    scores = series_score(t, x)
    assert scores[2000] >= ALARM
    assert np.delete(scores, 2000).max() < ALARM


def test_it_carries_the_score_over_blank_values(tmp_path):
    t, x = noisy(400)
    x[350] += 12
    stamps = pd.to_datetime(t, unit="s").strftime("%Y-%m-%d %H:%M:%S")
    values = [f"{v:.3f}" for v in x]
    values[351] = values[352] = ""
    rows = [f"{s},{v}" for s, v in zip(stamps, values, strict=True)]
    text = "timestamp,value\n" + "\n".join(rows) + "\n"
    out = run(tmp_path, text)
    assert len(out) == 400
    score = out["anomaly_score"]
    assert score[350] >= ALARM and score[351] == score[350] and score[352] == score[350]


@pytest.mark.parametrize(
    "text, message",
    [
        (None, "no such file."),
        ("", "the file is empty."),
        ("timestamp,value\n", "no data rows after the header."),
        ("time,value\n2026-01-01,1\n", "missing column(s) timestamp; expected a header"),
        ("when,reading\n2026-01-01,1\n", "missing column(s) timestamp, value;"),
        (
            "timestamp,value\n2026-01-01T00:00,1\n2026-01-01T00:05,1.5 t\n",
            "row 3: value '1.5 t' is not a number.",
        ),
        (
            "timestamp,value\n2026-01-01T00:00,1\n2026-01-01T00:05,2\nsoon,3\n",
            "row 4: timestamp 'soon' is not a date and time.",
        ),
        (
            "timestamp,value\n2026-01-01T00:00,1\n,2\n",
            "row 3: the timestamp is missing.",
        ),
    ],
)
def test_it_rejects_bad_input_naming_what_is_wrong(tmp_path, text, message):
    assert fails(tmp_path, text).startswith(message)


def test_it_takes_a_clock_stepping_back_and_repeating_in_file_order(tmp_path):
    t, x = noisy(600)
    t[400:] -= 3600  # the clock goes back one hour: twelve timestamps repeat
    x[500] += 12
    stamps = pd.to_datetime(t, unit="s").strftime("%Y-%m-%dT%H:%M:%S")
    lines = [f"{s},{v:.3f}" for s, v in zip(stamps, x, strict=True)]
    out = run(tmp_path, "timestamp,value\n" + "\n".join(lines) + "\n")
    assert list(out["timestamp"]) == list(stamps)
    score = out["anomaly_score"]
    assert score[500] >= ALARM
    assert score.drop(500).max() < ALARM
