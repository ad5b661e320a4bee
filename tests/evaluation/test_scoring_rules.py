"""The scoring rule on plain values, with the arithmetic written out (no database)."""

from decimal import Decimal as D

import pytest

from evaluation.scoring import (
    Entry,
    IndicatorSpec,
    Ranked,
    dense_rank,
    indicator_ratio,
    score_compute,
    score_from_json,
    score_to_json,
)


def ratio(direction: str, benchmark: str | None, value: str | None = None, met=None) -> D:
    return indicator_ratio(
        direction=direction,
        benchmark=None if benchmark is None else D(benchmark),
        value=None if value is None else D(value),
        met=met,
    )


def test_it_scores_higher_is_better_as_value_over_benchmark_capped_at_one():
    assert round(ratio("higher", "15", "10"), 4) == D("0.6667")  # 10 / 15
    assert ratio("higher", "15", "20") == 1  # min(20 / 15, 1)
    assert ratio("higher", "3", "-1.5") == 0  # max(0, −1.5 / 3): a rise is no reduction


def test_it_scores_lower_is_better_as_benchmark_over_value():
    assert ratio("lower", "5", "10") == D("0.5")  # #23: benchmark 5 / value 10
    assert ratio("lower", "5", "4") == 1  # min(5 / 4, 1)
    assert ratio("lower", "0.3", "0") == 1  # nothing discharged
    assert ratio("lower", "0.3", "-0.2") == 1  # pollutants fell while output grew


def test_it_scores_qualitative_as_met_or_not():
    assert ratio("qualitative", None, met=True) == 1
    assert ratio("qualitative", None, met=False) == 0


def test_it_refuses_a_quantitative_indicator_without_a_benchmark():
    with pytest.raises(ValueError):
        ratio("higher", None, "1")


SPECS = [
    IndicatorSpec(1, "A", "higher", mandatory=True, benchmark=D("10")),
    IndicatorSpec(2, "A", "higher", mandatory=False, benchmark=D("10")),
    IndicatorSpec(3, "B", "lower", mandatory=True, benchmark=D("5")),
    IndicatorSpec(4, "B", "qualitative", mandatory=True),
    IndicatorSpec(5, "C", "higher", mandatory=False, benchmark=D("10")),
]
WEIGHTS = {"A": D("1"), "B": D("1"), "C": D("2")}


def score(entries: dict[int, Entry], **kwargs):
    return score_compute(
        indicators=SPECS, weights=WEIGHTS, entries=entries, pass_mark=D("60"), **kwargs
    )


def test_it_leaves_a_group_with_nothing_scored_out_of_the_index():
    result = score(
        {1: Entry(D("5")), 3: Entry(D("10")), 4: Entry(met=True)}  # #2 and #5 (optional) empty
    )
    # A: #1 5/10 = 0.5 (#2 left out) → 0.5; B: #3 5/10 = 0.5, #4 met 1 → 0.75; C: nothing.
    # GI = 100 × (1 × 0.5 + 1 × 0.75) / (1 + 1) = 62.50 (C's weight 2 is not counted).
    assert result.gi == D("62.50")
    assert [(g.code, g.mean, g.scored) for g in result.groups] == [
        ("A", D("0.5"), 1),
        ("B", D("0.75"), 2),
        ("C", None, 0),
    ]
    assert result.passed and result.failed_mandatory == []


def test_it_weighs_the_groups():
    result = score(
        {
            1: Entry(D("10")),
            2: Entry(D("5")),
            3: Entry(D("5")),
            4: Entry(met=False),
            5: Entry(D("2")),
        }
    )
    # A: (1 + 0.5) / 2 = 0.75; B: (1 + 0) / 2 = 0.5; C: 2/10 = 0.2.
    # GI = 100 × (1 × 0.75 + 1 × 0.5 + 2 × 0.2) / 4 = 100 × 1.65 / 4 = 41.25
    assert result.gi == D("41.25")
    # #4 is mandatory and not met: it fails; GI 41.25 < 60 fails too.
    assert result.failed_mandatory == [4] and not result.passed


def test_it_gives_a_missing_or_not_computable_mandatory_indicator_zero_and_fails_it():
    result = score(
        {
            1: Entry(D("10")),
            3: Entry(None, note="not computable: no industrial value added reported"),
            4: Entry(met=True),
        }  # #1 given; #3 not computable; nothing else
    )
    by_number = {s.number: s for s in result.indicators}
    assert (by_number[3].status, by_number[3].r, by_number[3].passed) == (
        "not_computable",
        0,
        False,
    )
    assert by_number[2].status == "missing" and by_number[2].r is None  # optional: left out
    # A: 1; B: (0 + 1) / 2 = 0.5; GI = 100 × (1 + 0.5) / 2 = 75.00 ≥ 60, but #3 fails.
    assert result.gi == D("75.00")
    assert result.failed_mandatory == [3] and not result.passed

    result = score({1: Entry(D("10")), 4: Entry(met=True)})  # #3 simply missing
    assert {s.number: s.status for s in result.indicators}[3] == "missing"
    assert result.gi == D("75.00") and result.failed_mandatory == [3]


def test_it_rounds_the_index_half_up():
    result = score_compute(
        indicators=[SPECS[0]], weights={"A": D(1)}, entries={1: Entry(D("6.6665"))}, pass_mark=D(60)
    )
    # 100 × 6.6665 / 10 = 66.665 → 66.67 (half up; half-even would give 66.66)
    assert result.gi == D("66.67")


def test_it_checks_every_basic_requirement():
    entries = {1: Entry(D("10")), 3: Entry(D("5")), 4: Entry(met=True)}  # GI 100
    result = score(
        entries,
        requirements=["scope", "compliance", "clean_production"],
        eligibility={"scope": {"met": True}, "compliance": {"met": "yes"}},
    )
    # "yes" is not true; clean_production was never answered.
    assert result.eligibility_failures == ["compliance", "clean_production"]
    assert result.gi == D("100.00") and not result.passed


def test_it_ranks_densely_with_ties():
    ranked = dense_rank([Ranked("b", D("86.94")), Ranked("a", D("93.89")), Ranked("c", D("93.89"))])
    assert [(rank, item.key) for rank, item in ranked] == [(1, "a"), (1, "c"), (2, "b")]


def test_a_snapshot_gives_back_the_same_score():
    result = score({1: Entry(D("7")), 3: Entry(D("10")), 4: Entry(met=True)})
    assert score_from_json(score_to_json(result)) == result
