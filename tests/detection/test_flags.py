"""Flags from the rules: raised with reasons, upserted idempotently, reviewed by the
regulator, reopened only when the figures behind them change."""

import math
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from detection.models import Flag
from detection.reasons import reason_text
from detection.services import flags_score
from monitoring.models import LedgerEntry, TicketRollup, WasteCategory

OCT = date(2026, 10, 1)
BEIJING = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def figures(enterprise_a, catalogue):
    """Enterprise A reported 1,200 t of slag transferred out in October 2026."""
    slag = WasteCategory.objects.get(code="SW01")

    def report(quantity: str) -> None:
        LedgerEntry.objects.filter(enterprise=enterprise_a, superseded_at__isnull=True).update(
            superseded_at=datetime.now(BEIJING)
        )
        LedgerEntry.objects.create(
            enterprise=enterprise_a,
            category=slag,
            period=OCT,
            flow="transferred_out",
            quantity_t=Decimal(quantity),
            source="api",
        )

    def weigh(tonnes: str) -> None:
        TicketRollup.objects.update_or_create(
            enterprise=enterprise_a,
            category=slag,
            direction="out",
            day=date(2026, 10, 15),
            defaults={"tickets": 20, "net_t": Decimal(tonnes)},
        )

    report("1200")
    return report, weigh


def score():
    return flags_score(since=date(2026, 1, 1), today=date(2026, 11, 20))


@pytest.mark.smoke
def test_a_gap_between_reported_and_weighed_raises_a_flag_with_its_reasons(figures):
    _report, weigh = figures
    weigh("640")
    assert score().created == 1
    flag = Flag.objects.get()
    assert (flag.kind, flag.period, flag.severity) == ("measured_vs_reported", OCT, 2)
    with translation.override("en"):
        assert reason_text(flag.reasons[0]) == (
            "Reported 1,200.0 t transferred out; the weighbridge recorded 640.0 t (−47 %)."
        )
    with translation.override("zh-hans"):
        assert "1,200.0" in reason_text(flag.reasons[0])
        assert reason_text(flag.reasons[0]) != reason_text.__doc__


def test_small_gaps_and_silent_weighbridges_raise_nothing(figures):
    _report, weigh = figures
    assert score().created == 0  # no ticket at all that month: a device gap, not this rule
    weigh("1150")  # −4 %
    assert score().created == 0


def test_scoring_again_changes_nothing_and_a_dismissal_sticks(figures, regulator):
    from detection.services import flag_review

    _report, weigh = figures
    weigh("640")
    score()
    flag_review(
        actor=regulator,
        flag=Flag.objects.get(),
        status="dismissed",
        note="Slag stockpiled at the yard, confirmed on site.",
    )
    result = score()
    assert (result.created, result.reopened, result.unchanged) == (0, 0, 1)
    assert Flag.objects.get().status == "dismissed"


def test_changed_figures_reopen_a_dismissed_flag_and_corrections_clear_it(figures, regulator):
    from detection.services import flag_review

    report, weigh = figures
    weigh("640")
    score()
    flag_review(actor=regulator, flag=Flag.objects.get(), status="dismissed", note="ok")
    weigh("500")
    assert score().reopened == 1
    flag = Flag.objects.get()
    assert flag.status == "open"
    assert [r.status for r in flag.reviews.all()] == ["dismissed", "open"]
    report("500")
    assert score().cleared == 1
    assert Flag.objects.get().status == "cleared"


def test_manifest_rules(enterprise_a, enterprise_b, catalogue, staff_admin):
    from monitoring.manifests import manifest_create, manifest_receipt_confirm

    hw48 = WasteCategory.objects.get(code="HW48")
    shipped = datetime(2026, 10, 9, 10, 0, tzinfo=BEIJING)

    def ship(number: str, tonnes: str):
        return manifest_create(
            actor=staff_admin,
            number=number,
            generator=enterprise_a,
            receiver=enterprise_b,
            transporter_name="运输公司",
            vehicle="蒙B12345",
            category=hw48,
            waste_code="321-024-48",
            quantity_shipped_t=Decimal(tonnes),
            shipped_at=shipped,
        )

    light = ship("20261502000001", "20.000")
    manifest_receipt_confirm(
        actor=staff_admin,
        manifest=light,
        quantity_received_t=Decimal("16.000"),
        received_at=shipped + timedelta(days=1),
    )
    ship("20261502000002", "10.000")  # never confirmed
    score()
    discrepancy = Flag.objects.get(kind="manifest_discrepancy")
    assert discrepancy.enterprise == enterprise_a
    with translation.override("en"):
        assert reason_text(discrepancy.reasons[0]) == (
            "Manifest 20261502000001: shipped 20.000 t, received 16.000 t and refused 0.000 t "
            "(−20 %)."
        )
    overdue = Flag.objects.get(kind="manifest_overdue")
    assert overdue.enterprise == enterprise_a  # the generator has to obtain the receipt
    with translation.override("en"):
        # Saturday 10 October 2026 is a make-up working day (调休) in the official calendar:
        # 5 working days in transit and 5 to confirm end on Thursday the 22nd.
        assert "to 乙企业有限公司" in reason_text(overdue.reasons[0])
        assert "it was due by 2026-10-22." in reason_text(overdue.reasons[0])


def _entry(enterprise, category, period, flow, quantity, counterparty=""):
    return LedgerEntry.objects.create(
        enterprise=enterprise,
        category=category,
        period=period,
        flow=flow,
        quantity_t=Decimal(quantity),
        source="api",
        counterparty=counterparty,
    )


def test_stock_that_appears_between_two_months_is_flagged(enterprise_a, catalogue):
    slag = WasteCategory.objects.get(code="SW01")
    _entry(enterprise_a, slag, date(2026, 9, 1), "closing_stock", "400")
    _entry(enterprise_a, slag, OCT, "opening_stock", "900")
    flags_score(since=date(2026, 1, 1), rules=["stock_carry"])
    flag = Flag.objects.get()
    with translation.override("en"):
        assert reason_text(flag.reasons[0]) == (
            "Opening stock of 2026-10 is 900.0 t, but the previous month closed with 400.0 t."
        )


def test_a_transfer_the_receiver_does_not_report_is_flagged(enterprise_a, enterprise_b, catalogue):
    ash = WasteCategory.objects.get(code="SW02")
    _entry(enterprise_a, ash, OCT, "transferred_out", "300", enterprise_b.credit_code)
    _entry(enterprise_b, ash, OCT, "generated", "5")  # B has reported October
    flags_score(since=date(2026, 1, 1), rules=["counterparty"])
    with translation.override("en"):
        assert reason_text(Flag.objects.get().reasons[0]) == (
            "Reported 300.0 t transferred to 乙企业有限公司, which reports receiving none of it."
        )
    _entry(enterprise_b, ash, OCT, "received", "295", enterprise_a.credit_code)
    assert flags_score(since=date(2026, 1, 1), rules=["counterparty"]).cleared == 1


def test_a_receiver_is_compared_once_it_has_filed_the_waste_for_the_month(
    enterprise_a, enterprise_b, catalogue
):
    ash = WasteCategory.objects.get(code="SW02")
    _entry(enterprise_a, ash, OCT, "transferred_out", "300", enterprise_b.credit_code)
    _entry(enterprise_b, ash, date(2026, 9, 1), "generated", "5")  # B files its ledgers here
    # B has not filed fly ash for October: its missing ledger is the reporting check's
    # finding, not a gap between A and B, however late it is.
    flags_score(since=date(2026, 1, 1), rules=["counterparty"], today=date(2027, 1, 16))
    assert not Flag.objects.exists()
    _entry(enterprise_b, ash, OCT, "generated", "5")  # B files it, accounting for no receipt
    flags_score(since=date(2026, 1, 1), rules=["counterparty"], today=date(2027, 1, 16))
    assert Flag.objects.get().reasons[0]["received_t"] == "0.000"


def test_every_month_of_a_lasting_generation_step_is_flagged_saying_since_when(
    enterprise_a, catalogue
):
    slag = WasteCategory.objects.get(code="SW01")
    for month in range(1, 13):  # 2025: steady 1,000 t; 2026 from April: 1,500 t and stays
        _entry(enterprise_a, slag, date(2025, month, 1), "generated", "1000")
    for month in range(1, 11):
        _entry(
            enterprise_a, slag, date(2026, month, 1), "generated", "1000" if month < 4 else "1500"
        )
    flags_score(since=date(2026, 1, 1), rules=["generation_change"])
    flags = Flag.objects.order_by("period")
    assert [flag.period.month for flag in flags] == [4, 5, 6, 7, 8, 9, 10]
    with translation.override("en"):
        assert reason_text(flags[6].reasons[0]) == (
            "Generation 1.5× what the enterprise's recent months made usual, and has stayed "
            "that far since 2026-04."
        )


def test_a_lasting_change_too_small_to_stand_out_month_by_month_is_flagged(enterprise_a, catalogue):
    slag = WasteCategory.objects.get(code="SW01")
    noise = [0.09, -0.06, 0.02, -0.1, 0.05, -0.02, 0.07, -0.08, 0.0, 0.04, -0.05, 0.1]
    months = [date(2025, month, 1) for month in range(1, 13)]
    months += [date(2026, month, 1) for month in range(1, 11)]
    for i, period in enumerate(months):
        step = math.log(1.3) if period >= date(2026, 3, 1) else 0.0  # ×1.3 from March 2026
        tonnes = 1000 * math.exp(noise[i % 12] + step)
        _entry(enterprise_a, slag, period, "generated", f"{tonnes:.3f}")
    flags_score(since=date(2026, 1, 1), rules=["generation_change"])
    flagged = [flag.period.month for flag in Flag.objects.order_by("period")]
    assert flagged and set(flagged) <= set(range(3, 11))
    assert len(flagged) >= 6
    assert {flag.reasons[0]["since"] for flag in Flag.objects.all()} == {"2026-03"}


def test_a_spike_in_a_records_first_months_is_judged_against_the_year_after(
    enterprise_a, catalogue
):
    slag = WasteCategory.objects.get(code="SW01")
    months = [date(2025, month, 1) for month in range(1, 13)]
    noise = [0.02, -0.03, 0.01, -0.01, 0.03, -0.02, 0.0, 0.02, -0.01, 0.01, -0.02, 0.03]
    for i, period in enumerate(months):
        factor = 2.5 if i == 1 else 1.0  # February: 2.5× what every later month makes
        _entry(enterprise_a, slag, period, "generated", f"{1000 * factor * math.exp(noise[i]):.3f}")
    # A record starting low is a plant starting up: never flagged.
    _entry(enterprise_a, WasteCategory.objects.get(code="SW02"), months[0], "generated", "100")
    for period in months[1:]:
        _entry(enterprise_a, WasteCategory.objects.get(code="SW02"), period, "generated", "1000")
    flags_score(since=months[0], rules=["generation_change"], today=date(2026, 1, 20))
    assert [(f.category.code, f.period) for f in Flag.objects.all()] == [("SW01", months[1])]


def test_a_transfer_to_a_receiver_that_never_handles_the_waste_is_compared(
    enterprise_a, enterprise_b, catalogue
):
    ash, slag = WasteCategory.objects.get(code="SW02"), WasteCategory.objects.get(code="SW01")
    _entry(enterprise_a, ash, OCT, "transferred_out", "300", enterprise_b.credit_code)
    _entry(enterprise_b, slag, OCT, "generated", "5")  # B filed October, and never has fly ash
    flags_score(since=date(2026, 1, 1), rules=["counterparty"], today=date(2026, 11, 20))
    flag = Flag.objects.get()
    assert (flag.enterprise, flag.reasons[0]["received_t"]) == (enterprise_a, "0.000")
