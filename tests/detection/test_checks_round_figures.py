"""round_figures: figures of a waste too round, months in a row, to be chance for an
enterprise whose earlier figures (or whose weighbridge) say what precision it states."""

from datetime import date
from decimal import Decimal

import numpy as np
from django.utils import translation

from detection.models import Flag
from detection.reasons import reason_text
from detection.services import flags_score
from monitoring.models import TicketRollup, WasteCategory
from tests.factories import ledger_months

MONTHS = [date(2025 + (m - 1) // 12, (m - 1) % 12 + 1, 1) for m in range(1, 23)]  # to 2026-10


def _ledger(enterprise, rows: list[dict[str, float]], code: str = "SW01", waste_code: str = ""):
    ledger_months(enterprise, MONTHS, rows, code=code, waste_code=waste_code)


def _history(seed: int, *, decimals: int, level: float = 430.0) -> list[dict[str, float]]:
    rng = np.random.default_rng(seed)
    rows = []
    for _ in MONTHS:
        generated = round(level * rng.uniform(0.9, 1.1), decimals)
        disposed = round(generated * rng.uniform(0.2, 0.3), decimals)
        rows.append({"generated": generated, "disposed": disposed})
    return rows


def _flags() -> list[Flag]:
    flags_score(since=date(2025, 10, 1), rules=["round_figures"], today=date(2026, 11, 20))
    return list(Flag.objects.filter(kind="round_figures").order_by("period"))


ROUND = [
    {"generated": 400, "disposed": 110},
    {"generated": 450, "disposed": 110},
    {"generated": 470, "disposed": 100},
]


def test_round_months_of_an_enterprise_that_states_kilograms_are_flagged(enterprise_a, catalogue):
    rows = _history(1, decimals=3)
    rows[-4:-1] = ROUND
    _ledger(enterprise_a, rows)
    flags = _flags()
    assert [f.period for f in flags] == MONTHS[-4:-1]
    reason = flags[0].reasons[0]
    assert (reason["months"], reason["first"], reason["last"]) == (3, "2026-07", "2026-09")
    with translation.override("en"):
        assert reason_text(reason) == (
            "Round figures for 3 months in a row (2026-07 to 2026-09: generated 400 t, "
            "disposed of on site 110 t), where the enterprise's figures are usually to 0.001 t: "
            "by chance, at most one in 1,000,000."
        )


def test_an_enterprise_that_states_whole_tonnes_is_judged_as_such(
    enterprise_a, enterprise_b, catalogue
):
    """Three months with one multiple of 10 each: one in a thousand for whole tonnes (not
    flagged), one in a trillion for kilograms (flagged)."""
    for enterprise, decimals in ((enterprise_a, 0), (enterprise_b, 3)):
        rows = _history(2, decimals=decimals)
        for index, generated in zip((-4, -3, -2), (430, 520, 610), strict=True):
            rows[index] = {"generated": generated, "disposed": rows[index]["disposed"]}
        _ledger(enterprise, rows)
    assert {f.enterprise for f in _flags()} == {enterprise_b}


def test_an_enterprise_that_always_states_tens_is_never_flagged(enterprise_a, catalogue):
    rows = [{k: round(v, -1) for k, v in row.items()} for row in _history(3, decimals=0)]
    _ledger(enterprise_a, rows)
    assert _flags() == []


def test_small_quantities_are_not_judged(enterprise_a, catalogue):
    """A 3 t waste is often stated in whole tonnes: it cannot be a multiple of 10 t."""
    rows = _history(4, decimals=3, level=3.0)
    rows[-4:-1] = [
        {"generated": 3, "disposed": 1},
        {"generated": 4, "disposed": 1},
        {"generated": 3, "disposed": 2},
    ]
    _ledger(enterprise_a, rows, code="HW49", waste_code="900-041-49")
    assert _flags() == []


def test_without_history_the_weighbridge_says_whether_to_judge(
    enterprise_a, enterprise_b, catalogue
):
    """Only round figures ever: with a weighbridge weighing the waste, they are judged as if
    stated to the tonne (six round figures: flagged); without one, not at all."""
    for enterprise in (enterprise_a, enterprise_b):
        _ledger(enterprise, [ROUND[i % 3] for i in range(len(MONTHS))])
    TicketRollup.objects.create(
        enterprise=enterprise_a,
        category=WasteCategory.objects.get(code="SW01"),
        direction="out",
        day=date(2026, 9, 10),
        tickets=4,
        net_t=Decimal("103.482"),
    )
    flags = _flags()
    assert {f.enterprise for f in flags} == {enterprise_a}
    assert flags[0].reasons[0]["grain"] == "1"


def test_one_round_code_is_flagged_not_its_siblings(enterprise_a, catalogue):
    broken = _history(5, decimals=3)
    broken[-4:-1] = ROUND
    _ledger(enterprise_a, broken, code="HW49", waste_code="900-041-49")
    _ledger(enterprise_a, _history(6, decimals=3), code="HW49", waste_code="900-047-49")
    assert {f.waste_code for f in _flags()} == {"900-041-49"}


def test_a_record_that_starts_with_round_months_is_judged_by_the_figures_after_them(
    enterprise_a, catalogue
):
    rows = _history(4, decimals=3)
    rows[:3] = ROUND
    _ledger(enterprise_a, rows)
    flags_score(since=MONTHS[0], rules=["round_figures"], today=date(2026, 11, 20))
    flagged = Flag.objects.filter(kind="round_figures").order_by("period")
    assert [f.period for f in flagged] == MONTHS[:3]
