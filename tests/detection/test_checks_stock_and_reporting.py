"""Stock carried from month to month and missing ledgers are judged per waste: the ledger's
8-digit code, or the category where it gives none. A sibling code's stock is not this code's,
and a batch-generated waste with no stock and nothing generated may have no line at all."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from detection.models import Flag
from detection.reasons import reason_text
from detection.services import flags_score
from monitoring.models import LedgerEntry, WasteCategory
from parks.models import EconomicFigure
from wastewatch.periods import month_add

OIL = "900-249-08"  # waste mineral oil: drained at overhauls, in batches
SLUDGE = "251-001-08"  # oily sludge: generated every month, a sibling code of HW08
JUN, JUL, AUG, SEP, OCT = (date(2026, m, 1) for m in (6, 7, 8, 9, 10))


@pytest.fixture
def book(catalogue, enterprise_a):
    """book(waste, period, opening, generated, closing, enterprise=A): one month of one waste
    as the template writes it; whatever leaves the stock is transferred out."""

    def write(waste, period, opening, generated, closing, enterprise=enterprise_a, **flows):
        category = f"HW{waste[-2:]}" if "-" in waste else waste
        figures = {"opening_stock": opening, "generated": generated, "closing_stock": closing}
        figures["transferred_out"] = (opening or 0) + (generated or 0) - (closing or 0)
        for flow, tonnes in {**figures, **flows}.items():
            if tonnes is not None:
                LedgerEntry.objects.create(
                    enterprise=enterprise,
                    category=WasteCategory.objects.get(code=category),
                    waste_code=waste if "-" in waste else "",
                    period=period,
                    flow=flow,
                    quantity_t=Decimal(str(tonnes)),
                    source="api",
                )

    return write


def score(rule: str) -> list[Flag]:
    flags_score(since=date(2026, 1, 1), today=date(2026, 11, 20), rules=[rule])
    return list(Flag.objects.order_by("period", "waste_code"))


def text(flag: Flag, language: str = "en") -> str:
    with translation.override(language):
        return reason_text(flag.reasons[0])


def sludge_every_month(book, until=OCT, start=JUL):
    """Sludge generated every month and shipped out within it: no stock."""
    month = start
    while month <= until:
        book(SLUDGE, month, 0, 10, 0)
        month = month_add(month, 1)


# --- stock carried ---------------------------------------------------------------------------


def test_stock_moved_from_one_code_to_its_sibling_is_flagged_on_both(book):
    book(OIL, SEP, 10, 5, 10)
    book(SLUDGE, SEP, 40, 10, 40)
    book(OIL, OCT, 40, 5, 40)  # the category's stock still opens at 50 t
    book(SLUDGE, OCT, 10, 10, 10)
    flags = score("stock_carry")
    assert [(f.waste_code, f.category.code) for f in flags] == [(SLUDGE, "HW08"), (OIL, "HW08")]
    assert text(flags[1]) == (
        "Opening stock of 2026-10 is 40.0 t, but the previous month closed with 10.0 t."
    )


def test_a_sibling_code_carrying_its_stock_is_not_flagged_with_a_broken_one(book):
    book(OIL, SEP, 10, 5, 10)
    book(SLUDGE, SEP, 20, 10, 20)
    book(OIL, OCT, 10, 5, 10)
    book(SLUDGE, OCT, 60, 10, 60)
    [flag] = score("stock_carry")
    assert (flag.waste_code, flag.period) == (SLUDGE, OCT)
    assert (flag.reasons[0]["closing_t"], flag.reasons[0]["opening_t"]) == ("20.000", "60.000")


def test_a_stockless_waste_left_out_between_batches_opens_with_none(book):
    sludge_every_month(book)
    book(OIL, JUL, 0, 8, 0)  # an overhaul: drained and shipped out the same month
    book(OIL, OCT, 0, 6, 0)  # the next one; August and September have no line of oil
    assert score("stock_carry") == []


def test_stock_appearing_after_months_left_out_is_flagged(book):
    sludge_every_month(book)
    book(OIL, JUL, 0, 8, 0)
    book(OIL, OCT, 12, 6, 0)
    [flag] = score("stock_carry")
    assert (flag.waste_code, flag.period, flag.severity) == (OIL, OCT, Flag.Severity.HIGH)
    assert flag.reasons[0]["closing_t"] == "0.000"


def test_an_opening_stock_left_out_is_none(book):
    book(SLUDGE, SEP, 20, 10, 30)
    book(SLUDGE, OCT, None, 10, None)  # balances: 10 generated, 10 out; but 30 t vanished
    [flag] = score("stock_carry")
    assert flag.reasons[0]["opening_t"] == "0.000"


def test_stock_left_unreported_is_for_the_reporting_check(book):
    sludge_every_month(book)
    book(OIL, JUL, 0, 8, 5)
    book(OIL, OCT, 5, 6, 0)  # August and September left out although 5 t were in store
    assert score("stock_carry") == []
    flags = score("reporting")
    assert [(f.waste_code, f.period) for f in flags] == [(OIL, AUG), (OIL, SEP)]
    assert text(flags[0]) == (
        "No line for this waste in the ledger of 2026-08 (due by 2026-09-15), although 5.0 t "
        "of it were in stock at the end of 2026-07."
    )
    assert text(flags[0], "zh-hans") == (
        "2026年8月 的台账（应于 2026-09-15 前报送）中没有该废物，但其 2026年7月 月末贮存为 5.0 吨。"
    )


# --- missing months --------------------------------------------------------------------------


def test_a_batch_waste_with_no_stock_may_have_no_line(book):
    sludge_every_month(book)
    book(OIL, JUL, 0, 8, 0)
    assert score("reporting") == []


def test_a_continuous_waste_left_out_of_a_filed_ledger_is_missing_on_that_code_only(book):
    sludge_every_month(book, until=AUG, start=date(2026, 4, 1))
    book(OIL, date(2026, 4, 1), 0, 8, 0)
    for month in (SEP, OCT):
        book(OIL, month, 0, 0, 0)  # A files September and October, without sludge
    [flag] = score("reporting")  # a waste may stop: its first month without a line
    assert (flag.waste_code, flag.period, flag.severity) == (SLUDGE, SEP, Flag.Severity.MEDIUM)
    assert flag.reasons[0]["code"] == "missing_waste"
    assert text(flag) == (
        "No line for this waste in the ledger of 2026-09 (due by 2026-10-15), although it was "
        "generated in each of the 3 months reported before."
    )
    assert text(flag, "zh-hans") == (
        "2026年9月 的台账（应于 2026-10-15 前报送）中没有该废物，"
        "但此前报送的 3 个月中每月均有产生。"
    )


def test_every_month_without_any_ledger_is_missing_for_each_waste_due(book):
    sludge_every_month(book, until=JUN, start=date(2026, 3, 1))
    book(OIL, JUN, 0, 8, 0)  # drained in June: not due afterwards
    book("SW01", JUN, 100, 50, 80)  # slag in stock
    flags = score("reporting")  # A has filed nothing since June
    assert {(f.waste_code, f.category.code, f.period) for f in flags} == {
        (waste, category, month)
        for waste, category in ((SLUDGE, "HW08"), ("", "SW01"))
        for month in (JUL, AUG, SEP, OCT)
    }
    assert {f.reasons[0]["code"] for f in flags} == {"missing_month"}


def test_a_continuous_waste_is_not_missing_in_a_month_the_plant_stood_still(book, enterprise_a):
    sludge_every_month(book, until=AUG, start=date(2026, 4, 1))
    book(OIL, SEP, 0, 3, 0)  # the shutdown's clean-out: the plant stood still in September
    for month in (date(2026, 4, 1), date(2026, 5, 1), JUN, JUL, AUG, SEP):
        EconomicFigure.objects.create(
            enterprise=enterprise_a, period=month, output_value=Decimal(5 if month == SEP else 900)
        )
    assert [(f.waste_code, f.period) for f in score("reporting")] == []


def test_stock_kept_per_category_is_reported_by_any_line_of_its_category(book, enterprise_b):
    """A receiver's yard holds the category; its receipts carry each sender's code."""
    for month in (JUL, AUG, SEP, OCT):
        book("HW08", month, 100, 0, 100, enterprise=enterprise_b, utilised=0)
    LedgerEntry.objects.filter(enterprise=enterprise_b, period=SEP).delete()
    book(SLUDGE, SEP, None, None, None, enterprise=enterprise_b, received=40, utilised=40)
    book(OIL, JUL, None, None, None, enterprise=enterprise_b, received=10, utilised=10)
    assert score("reporting") == []
