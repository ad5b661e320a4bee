"""The tables' number formatter writes exactly what Django's floatformat writes, in both
languages, for the kinds of values the pages hold (Decimals from the database, floats from
pandas, integers), rounding half up and never writing −0."""

import random
from decimal import Decimal

import pytest
from django.template.defaultfilters import floatformat
from django.utils import translation

from wastewatch.numbers import number_formatter

EDGES = [
    Decimal("0"),
    Decimal("-0.0004"),
    Decimal("0.0005"),
    Decimal("1234567.8905"),
    Decimal("-1234.5"),
    Decimal("1E+3"),
    Decimal("0E-10"),
    Decimal("999.9995"),
    0.125,
    2.675,
    -0.0,
    12,
    -7,
]


def _values() -> list:
    rng = random.Random(20261205)
    decimals = [Decimal(str(round(rng.uniform(-1e7, 1e7), rng.randint(0, 8)))) for _ in range(500)]
    floats = [rng.uniform(-1e5, 1e5) for _ in range(500)]
    return EDGES + decimals + floats


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("places", [0, 2, 3, 4])
@pytest.mark.parametrize("grouped", [True, False])
def test_it_writes_what_floatformat_writes(language, places, grouped):
    argument = f"{places}g" if grouped else str(places)
    with translation.override(language):
        formatted = number_formatter(places, grouped=grouped)
        differing = [
            (value, formatted(value), floatformat(value, argument))
            for value in _values()
            if formatted(value) != floatformat(value, argument)
        ]
    assert differing == []


def test_thousands_are_grouped_in_chinese_too():
    with translation.override("zh-hans"):
        assert number_formatter(3)(Decimal("1234567.8905")) == "1,234,567.891"
    with translation.override("en"):
        assert number_formatter(2, grouped=False)(Decimal("-0.001")) == "0.00"
