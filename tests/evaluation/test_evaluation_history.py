"""A park's last three years side by side: indicator rows × year columns."""

from decimal import Decimal as D

from evaluation import services
from evaluation.scoring import park_evaluation_history


def test_it_puts_three_years_side_by_side(city, park_a):
    history = park_evaluation_history(park=park_a)
    assert history.park == "PA" and history.years == [2023, 2024, 2025]
    columns = [(c.year, c.version, c.status, c.gi, c.passed, c.rank) for c in history.columns]
    assert columns == [
        (2023, None, None, None, None, None),  # no evaluation that year
        (2024, 1, "approved", D("93.89"), True, 1),
        (2025, 1, "approved", D("96.67"), True, 2),
    ]
    assert len(history.rows) == 31
    row = next(row for row in history.rows if row.number == 23)
    assert (row.group, row.unit, row.cells[0].status) == ("HG", "t/万元", "no_evaluation")
    assert (row.cells[1].value, row.cells[1].r) == (D("10"), D("0.5"))  # 5 / 10
    assert (row.cells[2].value, row.cells[2].r) == (D("4"), D("1"))  # min(5 / 4, 1)
    optional = next(row for row in history.rows if row.number == 9)
    assert optional.cells[1].status == "missing" and optional.cells[1].r is None


def test_a_year_in_progress_shows_its_live_score_and_no_rank(city, park_a, operator_a):
    services.evaluation_revise(actor=operator_a, evaluation=city["PA", 2025])
    draft = services.evaluation_create(actor=operator_a, park=park_a, year=2026)
    history = park_evaluation_history(park=park_a, until=2026)
    assert history.years == [2024, 2025, 2026]
    # 2025 still shows approved v1, not the v2 draft
    assert [(c.version, c.status, c.rank) for c in history.columns] == [
        (1, "approved", 1),
        (1, "approved", 2),
        (1, "draft", None),
    ]
    assert history.columns[2].evaluation == draft.pk
    # an empty draft: every mandatory indicator fails at r = 0, GI 0.00
    assert (history.columns[2].gi, history.columns[2].passed) == (D("0.00"), False)
