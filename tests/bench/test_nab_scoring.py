"""NAB scoring (bench/nab_scoring.py) on tiny series whose scores are worked out by hand.

The running example: 40 rows, one anomaly at row 20.
- Probation: min(floor(0.15 * 40), 750) = 6 rows (0..5), not scored.
- Window: int(0.10 * 40 / 1) = 4 rows, half of it 2 on each side: rows 18..22, width w = 5.
- sigma(y) = 2 / (1 + e^(5y)) - 1; sigma(-1) = 2 / (1 + e^-5) - 1 = 0.986614 (MAX_TP).
- Null detector: the window missed, -A_FN. Perfect detector: an alarm at row 18, +A_TP.
  Standard profile: normalised = 100 * (raw - (-1)) / (1 - (-1)).
"""

import numpy as np
import pytest

from bench.nab_scoring import (
    MAX_TP,
    PROFILES,
    LabelledScores,
    nab_windows,
    null_score,
    perfect_score,
    probationary_length,
    scaled_sigmoid,
    score_corpus,
    score_series,
    threshold_sweep,
    windows_from_timestamps,
)

STANDARD = PROFILES["standard"]
N = 40
WINDOWS = [(18, 22)]


def scores_with(alarms: dict[int, float], n: int = N, rest: float = 0.0) -> np.ndarray:
    scores = np.full(n, rest)
    for row, value in alarms.items():
        scores[row] = value
    return scores


def test_the_profiles_are_nabs():
    # NAB's config/profiles.json: tp / fp / fn weights.
    assert [(p.tp, p.fp, p.fn) for p in PROFILES.values()] == [
        (1.0, 0.11, 1.0),
        (1.0, 0.22, 1.0),
        (1.0, 0.11, 2.0),
    ]
    assert list(PROFILES) == ["standard", "reward_low_FP_rate", "reward_low_FN_rate"]


def test_scaled_sigmoid():
    # sigma(-1) = 2 / (1 + e^-5) - 1 = 0.986614; sigma(0) = 0; sigma(3) is cut to -1.
    assert float(MAX_TP) == pytest.approx(0.986614, abs=1e-6)
    assert scaled_sigmoid(0.0) == 0.0
    assert scaled_sigmoid(-0.5) == pytest.approx(0.848284, abs=1e-6)
    assert scaled_sigmoid(3.0) == -1.0
    assert scaled_sigmoid(100.0) == -1.0


def test_probationary_length():
    # min(floor(0.15 n), 0.15 * 5000 = 750)
    assert probationary_length(40) == 6
    assert probationary_length(1000) == 150
    assert probationary_length(5000) == 750
    assert probationary_length(20000) == 750


def test_windows_are_ten_percent_of_the_series_shared_among_its_anomalies():
    assert nab_windows(N, [20]) == WINDOWS
    # 1,000 rows, 1 anomaly: 100 rows, 50 each side.
    assert nab_windows(1000, [500]) == [(450, 550)]
    # 2 anomalies: int(100 / 2) = 50 rows each, 25 each side.
    assert nab_windows(1000, [700, 300]) == [(275, 325), (675, 725)]
    # Overlapping windows merge: 475..525 and 485..535.
    assert nab_windows(1000, [500, 510]) == [(475, 535)]
    # A first window starting inside the probationary period (rows 0..149) is dropped.
    assert nab_windows(1000, [100]) == []
    assert nab_windows(1000, []) == []


def test_windows_from_timestamps_take_the_first_row_of_each_limit():
    stamps = np.datetime64("2026-01-05T00:00") + np.arange(N) * np.timedelta64(5, "m")
    limits = [("2026-01-05T01:30", "2026-01-05T01:50")]  # rows 18 and 22
    assert windows_from_timestamps(stamps, limits) == WINDOWS
    with pytest.raises(ValueError):
        windows_from_timestamps(stamps, [("2027-01-01T00:00", "2027-01-01T01:00")])


def test_null_detector_scores_0_and_perfect_detector_100_in_every_profile():
    for profile in PROFILES.values():
        # NAB's null detector: 0.5 everywhere. Its best threshold raises no alarm: -A_FN.
        # (Alarming everywhere is worse: +A_TP for the window but 12 rows before it at -A_FP
        # each and 17 rows after it, most at nearly -A_FP.)
        null = score_corpus([LabelledScores(np.full(N, 0.5), WINDOWS)], profile)
        assert null.raw == null.null == -profile.fn
        assert null.threshold == 1.1
        assert null.normalised == 0.0
        # Never alarming at all scores the same.
        assert score_corpus([LabelledScores(np.zeros(N), WINDOWS)], profile).normalised == 0.0
        # One alarm at the window's first row: y = -(22 - 18 + 1) / 5 = -1, so A_TP exactly.
        perfect = score_corpus([LabelledScores(scores_with({18: 1.0}), WINDOWS)], profile)
        assert perfect.raw == pytest.approx(profile.tp)
        assert perfect.perfect == profile.tp
        assert perfect.threshold == 1.0
        assert perfect.normalised == pytest.approx(100.0)


def test_an_early_detection_scores_more_than_a_late_one():
    # Row 19: y = -(22 - 19 + 1) / 5 = -0.8; sigma = 2 / (1 + e^-4) - 1 = 0.964028;
    # / 0.986614 = 0.977107; normalised 100 * 1.977107 / 2 = 98.86.
    early = score_corpus([LabelledScores(scores_with({19: 1.0}), WINDOWS)], STANDARD)
    assert early.raw == pytest.approx(0.977107, abs=1e-6)
    assert early.normalised == pytest.approx(98.855, abs=1e-3)
    # Row 22, the window's last: y = -1 / 5 = -0.2; sigma = 2 / (1 + e^-1) - 1 = 0.462117;
    # / 0.986614 = 0.468387; normalised 100 * 1.468387 / 2 = 73.42.
    late = score_corpus([LabelledScores(scores_with({22: 1.0}), WINDOWS)], STANDARD)
    assert late.raw == pytest.approx(0.468387, abs=1e-6)
    assert late.normalised == pytest.approx(73.419, abs=1e-3)
    # Only the first alarm of a window counts: adding the late one changes nothing.
    both = score_series(scores_with({19: 1.0, 22: 1.0}), WINDOWS, STANDARD, 0.5)
    assert both.raw == pytest.approx(early.raw)
    assert (both.detected, both.false_alarm_rows) == (1, 0)


def test_a_false_alarm_right_after_a_window_costs_less_than_one_far_away():
    # All with the window hit at row 18 (+1).
    # Row 23: y = (23 - 22) / (5 - 1) = 0.25; sigma = 2 / (1 + e^1.25) - 1 = -0.554600;
    # x 0.11 = -0.061006.
    near = score_series(scores_with({18: 1.0, 23: 1.0}), WINDOWS, STANDARD, 0.5)
    assert near.raw == pytest.approx(1 - 0.061006, abs=1e-6)
    # Row 30: y = 8 / 4 = 2; sigma = 2 / (1 + e^10) - 1 = -0.999909; x 0.11 = -0.109990.
    far = score_series(scores_with({18: 1.0, 30: 1.0}), WINDOWS, STANDARD, 0.5)
    assert far.raw == pytest.approx(1 - 0.109990, abs=1e-6)
    # Row 10, no window before it: the full -0.11.
    before = score_series(scores_with({18: 1.0, 10: 1.0}), WINDOWS, STANDARD, 0.5)
    assert before.raw == pytest.approx(1 - 0.11)
    assert before.raw < far.raw < near.raw
    assert near.false_alarm_rows == far.false_alarm_rows == before.false_alarm_rows == 1
    # Twice the cost in reward_low_FP_rate (A_FP = 0.22): 1 - 2 * 0.061006.
    low_fp = score_series(
        scores_with({18: 1.0, 23: 1.0}), WINDOWS, PROFILES["reward_low_FP_rate"], 0.5
    )
    assert low_fp.raw == pytest.approx(1 - 0.122012, abs=1e-6)


def test_the_probationary_period_is_not_scored():
    # An alarm at row 3 (probation: rows 0..5) is ignored: the window is missed, -1, as the
    # null detector; the same alarm at row 10 would cost another 0.11.
    ignored = score_series(scores_with({3: 1.0}), WINDOWS, STANDARD, 0.5)
    assert (ignored.raw, ignored.false_alarm_rows) == (-1.0, 0)
    counted = score_series(scores_with({10: 1.0}), WINDOWS, STANDARD, 0.5)
    assert counted.raw == pytest.approx(-1.11)
    corpus = [LabelledScores(scores_with({3: 1.0}), WINDOWS)]
    assert score_corpus(corpus, STANDARD).normalised == 0.0
    # A window lying wholly in probation is neither hit nor missed: 10,000 rows (750 in
    # probation), a window 100..200, another 5,000..5,100 hit at its start.
    n = 10_000
    score = score_series(
        scores_with({100: 1.0, 5000: 1.0}, n), [(100, 200), (5000, 5100)], STANDARD, 0.5
    )
    assert score.raw == pytest.approx(1.0)
    assert (score.windows, score.detected, score.false_alarm_rows) == (1, 1, 0)


def test_the_sweep_picks_the_threshold_with_the_best_total():
    # Row 20 scores 0.9 (y = -3/5 = -0.6: 2 / (1 + e^-3) - 1 = 0.905148, / 0.986614 =
    # 0.917429), row 19 scores 0.7 (0.977107, above), row 30 scores 0.5 (a false alarm,
    # -0.109990, above), every other row 0.1. Totals by threshold:
    #   1.1 -> -1 (nothing);  0.9 -> 0.917429;  0.7 -> 0.977107 (row 19 is earlier);
    #   0.5 -> 0.977107 - 0.109990 = 0.867117;  0.1 -> everything: far below.
    scores = scores_with({20: 0.9, 19: 0.7, 30: 0.5}, rest=0.1)
    corpus = [LabelledScores(scores, WINDOWS)]
    thresholds, totals = threshold_sweep(corpus, STANDARD)
    assert list(thresholds) == [1.1, 0.9, 0.7, 0.5, 0.1]
    assert totals[:4] == pytest.approx([-1, 0.917429, 0.977107, 0.867117], abs=1e-6)
    assert totals[4] < -1
    best = score_corpus(corpus, STANDARD)
    assert best.threshold == 0.7
    assert best.raw == pytest.approx(0.977107, abs=1e-6)
    assert best.normalised == pytest.approx(98.855, abs=1e-3)
    # Each total is what scoring at that threshold gives directly.
    for threshold, total in zip(thresholds, totals, strict=True):
        assert score_series(scores, WINDOWS, STANDARD, threshold).raw == pytest.approx(total)


def test_one_threshold_for_the_whole_corpus():
    # Series A as above: 0.9 -> 0.917429, 0.7 and 0.6 -> 0.977107, 0.5 -> 0.867117.
    a = scores_with({20: 0.9, 19: 0.7, 30: 0.5}, rest=0.1)
    # Series B: a false alarm at row 25 scores 0.7 (y = 3/4: 2 / (1 + e^3.75) - 1 = -0.954045,
    # x 0.11 = -0.104945) and row 21 scores 0.6 (y = -2/5 = -0.4: 0.761594 / 0.986614 =
    # 0.771927). Alone: 0.7 -> -1.104945, 0.6 -> 0.666982 (its best).
    b = scores_with({25: 0.7, 21: 0.6}, rest=0.1)
    corpus = [LabelledScores(a, WINDOWS, "a"), LabelledScores(b, WINDOWS, "b")]
    # Together: 0.9 -> 0.917429 - 1 = -0.082571; 0.7 -> 0.977107 - 1.104945 = -0.127838;
    # 0.6 -> 0.977107 + 0.666982 = 1.644089 (best); 0.5 -> 0.867117 + 0.666982 = 1.534099.
    # Normalised: null -2, perfect 2: 100 * 3.644089 / 4 = 91.10.
    best = score_corpus(corpus, STANDARD)
    assert best.threshold == 0.6
    assert best.raw == pytest.approx(1.644089, abs=1e-6)
    assert (best.null, best.perfect) == (-2.0, 2.0)
    assert best.normalised == pytest.approx(91.102, abs=1e-3)
    assert null_score(corpus, STANDARD) == -2.0
    assert perfect_score(corpus, PROFILES["reward_low_FN_rate"]) == 2.0


def test_the_sweep_agrees_with_scoring_at_each_threshold():
    rng = np.random.default_rng(7)
    corpus = []
    for n, anomalies in ((300, [120, 250]), (500, []), (800, [400])):
        corpus.append(LabelledScores(np.round(rng.random(n), 2), nab_windows(n, anomalies)))
    for profile in PROFILES.values():
        thresholds, totals = threshold_sweep(corpus, profile)
        for threshold, total in zip(thresholds[::5], totals[::5], strict=True):
            direct = sum(score_series(s.scores, s.windows, profile, threshold).raw for s in corpus)
            assert direct == pytest.approx(total)
