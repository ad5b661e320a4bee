"""load_indicator_catalogue: the 2016 edition's 6 groups and 31 indicators, idempotent, and
staff's changes kept unless --update."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from evaluation.models import Indicator, IndicatorEdition, IndicatorGroup


def load(*args: str) -> str:
    out = StringIO()
    call_command("load_indicator_catalogue", *args, stdout=out)
    return out.getvalue()


@pytest.mark.smoke
def test_it_loads_the_2016_edition(db):
    output = load()
    assert "Indicator indicators: 31 created" in output
    edition = IndicatorEdition.objects.get()
    assert (edition.code, edition.document, edition.pass_mark) == (
        "miit-2016",
        "工信厅节函〔2016〕586号",
        Decimal("60"),
    )
    assert list(edition.groups.values_list("code", flat=True)) == [
        "EG",
        "RG",
        "IG",
        "CG",
        "HG",
        "MG",
    ]
    assert set(IndicatorGroup.objects.values_list("weight", flat=True)) == {Decimal("0.166667")}
    assert Indicator.objects.count() == 31
    assert len(edition.requirements) == 6


def test_it_records_what_the_reference_says(db):
    load()
    by_number = {i.number: i for i in Indicator.objects.select_related("group")}
    assert [n for n, i in by_number.items() if i.direction == "lower"] == [23, 24]
    assert [n for n, i in by_number.items() if i.direction == "qualitative"] == [12, 29, 30, 31]
    assert {n for n, i in by_number.items() if not i.mandatory} == {
        8, 9, 10, 11, 13, 14, 15, 16, 19, 20, 26, 27, 28,
    }  # fmt: skip
    assert {n: i.derivation for n, i in by_number.items() if i.input == "derived"} == {
        6: "solid_waste_utilisation_rate",
        21: "solid_waste_disposal_utilisation_rate",
    }
    # Names and units of 1–11 are verified, their M/O and benchmarks not: "partly".
    assert {i.verification for n, i in by_number.items() if n <= 11} == {"partly"}
    assert {i.verification for n, i in by_number.items() if n > 11} == {"unverified"}
    assert (by_number[23].unit, by_number[23].benchmark, by_number[23].group.code) == (
        "t/万元",
        Decimal("5"),
        "HG",
    )
    assert (by_number[30].benchmark, by_number[30].benchmark_text) == (None, "是")
    assert by_number[1].name == "能源产出率" and by_number[1].unit == "万元/tce"


def test_it_creates_nothing_the_second_time(db):
    load()
    output = load()
    assert "Indicator indicators: 0 created, 0 updated, 31 unchanged." in output
    assert "Indicator groups: 0 created, 0 updated, 6 unchanged." in output
    assert Indicator.objects.count() == 31 and IndicatorGroup.objects.count() == 6


def test_it_keeps_what_staff_changed_unless_told_to_update(db):
    load()
    IndicatorGroup.objects.filter(code="HG").update(weight=Decimal("0.3"))
    output = load()
    assert "1 differ from the file and were kept" in output
    assert IndicatorGroup.objects.get(code="HG").weight == Decimal("0.3")
    output = load("--update")
    assert "Indicator groups: 0 created, 1 updated, 5 unchanged." in output
    assert IndicatorGroup.objects.get(code="HG").weight == Decimal("0.166667")
