"""generation_change: each waste (8-digit code where the ledger gives one) against its own
recent months, in units of its own variability; every month of a lasting change; waste made
in batches judged over a year; shutdowns and seasons explain less or more waste."""

from datetime import date
from decimal import Decimal

import numpy as np
import pytest
from django.utils import translation

from detection.models import Flag
from detection.reasons import reason_text
from detection.services import flags_score
from parks.models import EconomicFigure
from tests.factories import ledger_months

MONTHS = [date(2024 + (m - 1) // 12, (m - 1) % 12 + 1, 1) for m in range(1, 35)]  # to 2026-10


def _ledger(enterprise, code: str, generated: list[float], waste_code: str = "") -> None:
    rows = [{"generated": tonnes, "utilised": tonnes} for tonnes in generated]
    ledger_months(enterprise, MONTHS, rows, code=code, waste_code=waste_code)


def _output(enterprise, values: list[float]) -> None:
    EconomicFigure.objects.bulk_create(
        EconomicFigure(enterprise=enterprise, period=period, output_value=Decimal(f"{v:.2f}"))
        for period, v in zip(MONTHS, values, strict=True)
    )


def _steady(level: float, noise: float, seed: int) -> list[float]:
    rng = np.random.default_rng(seed)
    return list(level * np.exp(rng.normal(0, noise, len(MONTHS))))


def _flags(**filters) -> list[Flag]:
    flags_score(since=date(2025, 10, 1), rules=["generation_change"], today=date(2026, 11, 20))
    return list(Flag.objects.filter(kind="generation_change", **filters).order_by("period"))


def test_a_small_spike_is_found_on_a_steady_series_not_on_a_noisy_one(
    enterprise_a, enterprise_b, catalogue
):
    steady, noisy = _steady(800, 0.02, 1), _steady(800, 0.3, 2)
    steady[-3] *= 1.3
    noisy[-3] *= 1.3
    _ledger(enterprise_a, "SW01", steady)
    _ledger(enterprise_b, "SW01", noisy)
    assert [(f.enterprise, f.period) for f in _flags()] == [(enterprise_a, MONTHS[-3])]


def test_every_month_of_under_reporting_is_flagged_saying_since_when(enterprise_a, catalogue):
    series = _steady(500, 0.03, 3)
    for index in (-5, -4, -3, -2):
        series[index] *= 0.75
    _ledger(enterprise_a, "SW02", series)
    flags = _flags()
    assert [f.period for f in flags] == MONTHS[-5:-1]
    assert {f.reasons[0]["since"] for f in flags} == {f"{MONTHS[-5]:%Y-%m}"}
    with translation.override("en"):
        assert reason_text(flags[-1].reasons[0]).startswith("Generation 0.7")


def test_one_code_flagged_not_its_sibling_codes(enterprise_a, catalogue):
    broken, sibling = _steady(60, 0.04, 4), _steady(40, 0.04, 5)
    broken[-2] *= 3
    _ledger(enterprise_a, "HW49", broken, waste_code="900-041-49")
    _ledger(enterprise_a, "HW49", sibling, waste_code="900-047-49")
    [flag] = _flags()
    assert (flag.waste_code, flag.period) == ("900-041-49", MONTHS[-2])


def test_waste_made_in_batches_is_not_flagged_month_by_month(enterprise_a, enterprise_b, catalogue):
    """Waste oil drained at overhauls: the months between are normal, and a year short of a
    few batches is within what the timing of so few batches does by chance."""
    rng = np.random.default_rng(6)
    batches = [
        float(rng.uniform(15, 30)) if index % 4 == 0 else 0.0 for index in range(len(MONTHS))
    ]
    _ledger(enterprise_a, "HW08", batches, waste_code="900-249-08")
    halved = [t / 3 if index >= 22 else t for index, t in enumerate(batches)]
    _ledger(enterprise_b, "HW08", halved, waste_code="900-249-08")
    assert not _flags()


def test_a_shutdown_explains_less_waste_and_output_explains_a_busier_month(enterprise_a, catalogue):
    output = _steady(5000, 0.02, 7)
    output[-4] = 100  # maintenance: the plant hardly ran
    output[-2] *= 1.6  # a busy month
    generated = [o * 0.2 for o in output]
    generated[-4] = 3
    _ledger(enterprise_a, "SW01", generated)
    _output(enterprise_a, output)
    assert _flags() == []


def test_a_month_as_high_as_the_same_month_last_year_is_the_season(enterprise_a, catalogue):
    series = _steady(300, 0.02, 8)
    for index, period in enumerate(MONTHS):
        if period.month == 1:  # every January: heating season
            series[index] *= 1.5
    _ledger(enterprise_a, "SW03", series)
    assert _flags() == []


@pytest.mark.parametrize("factor", [1.0, 1.15])
def test_changes_within_the_series_own_variation_are_not_flagged(enterprise_a, catalogue, factor):
    series = _steady(1000, 0.05, 9)
    series[-2] *= factor
    _ledger(enterprise_a, "SW01", series)
    assert _flags() == []
