"""Ranking the city's parks by GI: approved evaluations, the latest version per park, dense
ranks (ties share a rank), failing parks ranked and flagged."""

from evaluation import services
from evaluation.scoring import evaluation_rank
from tests.evaluation.conftest import approved


def table(rows) -> list[tuple]:
    return [(row.rank, row.park, str(row.gi), row.passed) for row in rows]


def test_it_ranks_2024_with_a_tie(city, edition):
    # A 93.89 and C 93.89 share rank 1 (in park-code order); B 86.94 is next: rank 2, failed.
    assert table(evaluation_rank(year=2024, edition=edition)) == [
        (1, "PA", "93.89", True),
        (1, "PC", "93.89", True),
        (2, "PB", "86.94", False),
    ]


def test_it_ranks_failing_parks_by_their_index(city, edition):
    # C 100.00 (fails a basic requirement), A 96.67, B 50.00 (below the pass mark)
    assert table(evaluation_rank(year=2025, edition=edition)) == [
        (1, "PC", "100.00", False),
        (2, "PA", "96.67", True),
        (3, "PB", "50.00", False),
    ]


def test_it_counts_only_approved_versions_and_the_latest_of_them(
    city, edition, operator_a, regulator
):
    revision = services.evaluation_revise(actor=operator_a, evaluation=city["PA", 2024])
    services.indicator_values_set(
        actor=operator_a,
        evaluation=revision,
        items=[services.ValueInput(indicator=23, value=5)],
    )
    # v2 is a draft: the ranking still reads v1
    assert evaluation_rank(year=2024, edition=edition)[0].version == 1
    approved(revision, operator_a, regulator)
    # v2: #23 at the benchmark → HG 1; GI = 100 × (0.833333 + 0.9 + 1 + 1 + 1 + 1)/6 = 95.56
    assert table(evaluation_rank(year=2024, edition=edition))[0] == (1, "PA", "95.56", True)
    assert evaluation_rank(year=2024, edition=edition)[0].version == 2
    assert [row.park for row in evaluation_rank(year=2024, edition=edition)] == ["PA", "PC", "PB"]


def test_an_evaluation_in_progress_is_not_ranked(edition, park_a, operator_a):
    services.evaluation_create(actor=operator_a, park=park_a, year=2025)
    assert evaluation_rank(year=2025, edition=edition) == []
