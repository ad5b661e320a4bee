"""The synthetic corpus of bench/series_corpus.py: deterministic, labelled where NAB scores."""

import numpy as np

from bench.nab_scoring import nab_windows, probationary_length
from bench.series_corpus import SHAPES, make_series, series_corpus


def test_the_corpus_is_deterministic_by_seed():
    first, again = make_series("step_changes", 3), make_series("step_changes", 3)
    assert np.array_equal(first.values, again.values)
    assert first.anomalies == again.anomalies
    assert not np.array_equal(first.values[:4000], make_series("step_changes", 4).values[:4000])


def test_every_shape_is_labelled_inside_the_scored_part():
    for series in series_corpus(seeds=(1,)):
        n = len(series.values)
        assert 4000 <= n <= 20_000
        assert len(series.timestamps) == n
        assert np.isfinite(series.values).all()
        windows = nab_windows(n, series.anomalies)
        assert len(windows) == len(series.anomalies)  # none dropped, none merged
        assert all(start >= probationary_length(n) for start, _ in windows)
    assert [s.shape for s in series_corpus(seeds=(1,))] == list(SHAPES)


def test_the_flat_series_are_flat_and_unlabelled():
    flat = make_series("flat", 2)
    assert np.unique(flat.values).size == 1 and flat.anomalies == []
    stuck = make_series("stuck", 2)
    (onset,) = stuck.anomalies
    assert np.unique(stuck.values[onset - 1 :]).size == 1
    assert stuck.values[onset - 2] != stuck.values[onset - 1]


def test_the_clock_steps_back_one_hour_once():
    series = make_series("backward_timestamp", 1)
    steps = np.diff(series.timestamps).astype(int)
    assert sorted(set(steps.tolist())) == [-3300, 300]
    assert (steps < 0).sum() == 1


def test_the_accuracy_bench_reads_tuning_and_held_out_seeds():
    from bench.detect_series_accuracy import seeds_parse
    from bench.series_corpus import SEEDS

    assert seeds_parse("1-5") == SEEDS
    assert seeds_parse("101-105") == (101, 102, 103, 104, 105)
    assert seeds_parse("1-3,7") == (1, 2, 3, 7)
