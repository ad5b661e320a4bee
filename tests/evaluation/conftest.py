"""The MIIT 2016 catalogue, and helpers to fill in evaluations through the services."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from evaluation import services
from evaluation.models import IndicatorEdition, ParkEvaluation
from evaluation.services import ValueInput
from tests.factories import ParkFactory, ParkMembershipFactory, UserFactory

# Every mandatory indicator exactly at its benchmark (r = 1) and every qualitative one met:
# each group's mean is 1 and GI = 100. Optional indicators are left out.
AT_BENCHMARK = {
    1: "3",
    2: "15",
    3: "75",
    4: "1500",
    5: "15",
    6: "95",
    7: "90",
    12: True,
    17: "30",
    18: "30",
    21: "100",
    22: "3",
    23: "5",
    24: "0.3",
    25: "80",
    29: True,
    30: True,
    31: True,
}
ALL_MET = {
    code: {"met": True, "evidence": "见附件"}
    for code in (
        "scope",
        "compliance",
        "energy_carbon_targets",
        "environmental_quality",
        "clean_production",
        "green_management_body",
    )
}


@pytest.fixture
def edition(db) -> IndicatorEdition:
    call_command("load_indicator_catalogue", stdout=StringIO())
    return IndicatorEdition.objects.get(code="miit-2016")


def items(values: dict[int, object], notes: dict[int, str] | None = None) -> list[ValueInput]:
    """ValueInputs from {number: "decimal" | bool | None}."""
    notes = notes or {}
    result = []
    for number, value in values.items():
        if isinstance(value, bool):
            result.append(ValueInput(indicator=number, met=value, note=notes.get(number, "")))
        else:
            number_value = None if value is None else Decimal(value)
            result.append(
                ValueInput(indicator=number, value=number_value, note=notes.get(number, ""))
            )
    return result


def fill(
    evaluation: ParkEvaluation,
    actor,
    *,
    changes: dict[int, object] | None = None,
    drop: tuple[int, ...] = (),
    notes: dict[int, str] | None = None,
    eligibility: dict | None = None,
) -> ParkEvaluation:
    """Enter the at-benchmark values with `changes` applied and `drop` left out."""
    values = {**AT_BENCHMARK, **(changes or {})}
    for number in drop:
        values.pop(number)
    services.indicator_values_set(actor=actor, evaluation=evaluation, items=items(values, notes))
    services.evaluation_eligibility_set(
        actor=actor, evaluation=evaluation, items=ALL_MET if eligibility is None else eligibility
    )
    return evaluation


@pytest.fixture
def park_c(db):
    return ParkFactory(code="PC", name="丙园区", name_en="Park C")


@pytest.fixture
def operator_c(park_c):
    return ParkMembershipFactory(user=UserFactory(username="carol"), park=park_c).user


def approved(evaluation: ParkEvaluation, operator, regulator) -> ParkEvaluation:
    services.evaluation_submit(actor=operator, evaluation=evaluation)
    return services.evaluation_approve(actor=regulator, evaluation=evaluation)


QUARTER = {  # every quantitative mandatory indicator at r = 0.25
    1: "0.75",
    2: "3.75",
    3: "18.75",
    4: "375",
    5: "3.75",
    6: "23.75",
    7: "22.5",
    17: "7.5",
    18: "7.5",
    21: "25",
    22: "0.75",
    23: "20",  # lower is better: 5 / 20
    24: "1.2",  # lower is better: 0.3 / 1.2
    25: "20",
}


@pytest.fixture
def city(
    edition, park_a, park_b, park_c, operator_a, operator_b, operator_c, regulator
) -> dict[tuple[str, int], ParkEvaluation]:
    """Three parks, two years, approved. Equal group weights; GI = 100 × mean of the six
    group means. The expected figures are worked out in tests/evaluation/test_city_scores.py."""
    operators = {"PA": operator_a, "PB": operator_b, "PC": operator_c}
    parks = {"PA": park_a, "PB": park_b, "PC": park_c}
    plans = {
        ("PA", 2024): {"changes": {2: "7.5", 23: "10", 8: "15"}},
        ("PB", 2024): {
            "changes": {24: None, 30: False},
            "drop": (7,),
            "notes": {24: "not computable: output fell, the elasticity is undefined"},
        },
        ("PC", 2024): {"changes": {17: "15", 3: "48.75"}},
        ("PA", 2025): {"changes": {23: "4", 22: "-1.5"}},
        ("PB", 2025): {"changes": QUARTER},
        ("PC", 2025): {
            "eligibility": {
                **ALL_MET,
                "compliance": {"met": False, "evidence": "2025年发生较大突发环境事件"},
            }
        },
    }
    result = {}
    for (code, year), plan in plans.items():
        operator = operators[code]
        evaluation = services.evaluation_create(actor=operator, park=parks[code], year=year)
        fill(evaluation, operator, **plan)
        result[code, year] = approved(evaluation, operator, regulator)
    return result
