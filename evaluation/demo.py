"""Demonstration evaluations: every Baotou park evaluated for 2023, 2024 and 2025 through the
real workflow (the park's values entered, #6 and #21 derived from its ledgers, submitted,
approved by the regulator), so that scores, ranks and three years side by side can be seen.

The entered values are invented around the benchmarks, improving a little year by year; one
park misses a basic requirement in 2023 (a gate failure to look at). Loading twice adds
nothing: a park's year already evaluated is left as it is.
"""

import random
from dataclasses import dataclass
from decimal import Decimal

from evaluation import services
from evaluation.models import Indicator, ParkEvaluation
from evaluation.selectors import edition_default
from parks.models import Park
from wastewatch.roles import User

DEMO_YEARS = (2023, 2024, 2025)


@dataclass
class DemoEvaluationResult:
    created: int = 0
    kept: int = 0


def demo_evaluations_load(*, operator: User, regulator: User) -> DemoEvaluationResult:
    """`operator` enters and submits (a staff account acts for every park); `regulator`
    approves."""
    edition = edition_default()
    if edition is None:
        raise ValueError("No indicator edition: run load_indicator_catalogue first.")
    result = DemoEvaluationResult()
    indicators = list(edition.indicators.filter(input=Indicator.Input.ENTERED))
    requirements = [r["code"] for r in edition.requirements]
    for index, park in enumerate(Park.objects.order_by("code")):
        quality = 0.75 + 0.35 * random.Random(park.code).random()  # the park's own level
        for step, year in enumerate(DEMO_YEARS):
            if ParkEvaluation.objects.filter(park=park, year=year).exists():
                result.kept += 1
                continue
            rng = random.Random(f"{park.code}-{year}")
            evaluation = services.evaluation_create(actor=operator, park=park, year=year)
            services.indicator_values_set(
                actor=operator,
                evaluation=evaluation,
                items=[
                    item
                    for indicator in indicators
                    if (item := _value(indicator, rng, quality * (1 + 0.04 * step)))
                ],
            )
            services.evaluation_eligibility_set(
                actor=operator,
                evaluation=evaluation,
                items={
                    code: {
                        "met": not (index == 0 and year == DEMO_YEARS[0] and code == "compliance"),
                        "evidence": "见园区年度自评报告",
                    }
                    for code in requirements
                },
            )
            services.evaluation_derive(actor=operator, evaluation=evaluation)
            services.evaluation_submit(actor=operator, evaluation=evaluation)
            services.evaluation_approve(actor=regulator, evaluation=evaluation)
            result.created += 1
    return result


def _value(indicator: Indicator, rng: random.Random, quality: float) -> services.ValueInput | None:
    """A plausible value: around the benchmark scaled by the park's quality; optional
    indicators reported about half of the time; qualitative ones mostly met."""
    if not indicator.mandatory and rng.random() < 0.5:
        return None
    if indicator.is_qualitative:
        return services.ValueInput(indicator.number, met=rng.random() < 0.9)
    factor = quality * rng.uniform(0.8, 1.15)
    if indicator.direction == Indicator.Direction.LOWER:
        factor = 1 / factor
    value = float(indicator.benchmark) * factor
    if indicator.unit == "%":
        value = min(value, 99.5)  # a share
    value = Decimal(str(round(value, 2)))
    return services.ValueInput(indicator.number, value=value)
