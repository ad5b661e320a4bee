"""Transfers out against the weighbridge and against what the receivers account for."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from detection.models import Flag
from detection.reasons import reason_text
from detection.services import flags_score
from monitoring.models import LedgerEntry, TicketRollup, WasteCategory
from tests.factories import EnterpriseFactory, ManifestFactory
from wastewatch.periods import month_add

BEIJING = ZoneInfo("Asia/Shanghai")
OCT = date(2026, 10, 1)
CODE = "321-024-48"


def _entry(enterprise, category, period, flow, quantity, counterparty="", waste_code=""):
    LedgerEntry.objects.create(
        enterprise=enterprise,
        category=category,
        waste_code=waste_code,
        period=period,
        flow=flow,
        quantity_t=Decimal(str(quantity)),
        source="api",
        counterparty=counterparty,
    )


def _weigh(enterprise, category, period, tonnes):
    TicketRollup.objects.create(
        enterprise=enterprise,
        category=category,
        direction="out",
        day=period.replace(day=15),
        tickets=30,
        net_t=Decimal(f"{tonnes:.3f}"),
    )


def _score(rule: str) -> list[Flag]:
    flags_score(since=date(2026, 1, 1), today=date(2026, 11, 20), rules=[rule])
    return list(Flag.objects.filter(kind=rule).order_by("period"))


@pytest.fixture
def slag(catalogue):
    return WasteCategory.objects.get(code="SW01")


def _months(first: date, last: date) -> list[date]:
    months = [first]
    while months[-1] < last:
        months.append(month_add(months[-1], 1))
    return months


def _series(enterprise, category, gaps: dict[date, float], waste_code: str = "") -> None:
    """1,000 t reported transferred out every month, and weighed 1,000 t × (1 + gap)."""
    for period, gap in gaps.items():
        _entry(enterprise, category, period, "transferred_out", 1000, waste_code=waste_code)
        _weigh(enterprise, category, period, 1000 * (1 + gap))


def test_a_small_lasting_gap_is_flagged_on_every_month_against_a_steady_history(enterprise_a, slag):
    months = _months(date(2025, 1, 1), OCT)
    steady = [0.001, -0.002, 0.0015, -0.0005, 0.002, -0.001]
    gaps = {m: steady[i % 6] if m < date(2026, 7, 1) else -0.05 for i, m in enumerate(months)}
    _series(enterprise_a, slag, gaps)
    flags = _score("measured_vs_reported")
    assert [f.period for f in flags] == _months(date(2026, 7, 1), OCT)
    assert {f.severity for f in flags} == {Flag.Severity.LOW}
    with translation.override("en"):
        assert reason_text(flags[-1].reasons[0]) == (
            "Reported 1,000.0 t transferred out; the weighbridge recorded 950.0 t (−5 %). "
            "In the previous months the two differed by 0 %, within ±2.0 %."
        )


def test_an_enterprise_is_judged_on_its_own_usual_gap_and_spread(enterprise_a, enterprise_b, slag):
    months = _months(date(2025, 1, 1), OCT)
    # A's weighbridge reads 3 % above its declared figures, month after month: its usual.
    biased = {m: 0.03 + (0.002 if i % 2 else -0.002) for i, m in enumerate(months)}
    biased[OCT] = -0.03  # 6 points below its usual: flagged, although within 10 %
    _series(enterprise_a, slag, biased)
    # B's declared figures stray by several per cent from month to month: −6 % is its noise.
    noisy = [0.04, -0.03, 0.02, -0.04, 0.03, -0.02]
    _series(enterprise_b, slag, {m: noisy[i % 6] for i, m in enumerate(months[:-1])})
    _series(enterprise_b, slag, {OCT: -0.06})
    flags = _score("measured_vs_reported")
    assert [(f.enterprise, f.period) for f in flags] == [(enterprise_a, OCT)]


def test_the_flag_names_the_waste_code_when_the_category_has_one_that_month(
    enterprise_a, enterprise_b, catalogue
):
    hw48 = WasteCategory.objects.get(code="HW48")
    _entry(enterprise_a, hw48, OCT, "transferred_out", 100, waste_code=CODE)
    _weigh(enterprise_a, hw48, OCT, 60)
    _entry(enterprise_b, hw48, OCT, "transferred_out", 50, waste_code=CODE)
    _entry(enterprise_b, hw48, OCT, "transferred_out", 50, waste_code="321-026-48")
    _weigh(enterprise_b, hw48, OCT, 60)
    flags = {f.enterprise: f.waste_code for f in _score("measured_vs_reported")}
    assert flags == {enterprise_a: CODE, enterprise_b: ""}


def test_a_gap_on_a_category_of_several_codes_names_the_code_its_manifests_contradict(
    enterprise_a, enterprise_b, catalogue
):
    hw48 = WasteCategory.objects.get(code="HW48")
    _entry(enterprise_a, hw48, OCT, "transferred_out", 40, waste_code=CODE)
    _entry(enterprise_a, hw48, OCT, "transferred_out", 20, waste_code="321-026-48")
    _weigh(enterprise_a, hw48, OCT, 100)
    shipped = datetime(2026, 10, 12, 9, 0, tzinfo=BEIJING)
    for code, tonnes in ((CODE, "80.000"), ("321-026-48", "20.000")):
        ManifestFactory(
            generator=enterprise_a,
            receiver=enterprise_b,
            category=hw48,
            waste_code=code,
            shipped_at=shipped,
            quantity_shipped_t=Decimal(tonnes),
        )
    [flag] = _score("measured_vs_reported")
    assert flag.waste_code == CODE


def test_receivers_that_file_no_ledger_are_judged_on_their_manifests(enterprise_a, catalogue):
    """Receivers outside the city are registered only for their manifests: general waste sent
    to them is not compared, hazardous waste is compared with the manifests' receipts."""
    outside = EnterpriseFactory(name="外地处置有限公司")
    ash, hw48 = WasteCategory.objects.get(code="SW02"), WasteCategory.objects.get(code="HW48")
    _entry(enterprise_a, ash, OCT, "transferred_out", 1152.9, outside.credit_code)
    _entry(enterprise_a, hw48, OCT, "transferred_out", 30, outside.credit_code, CODE)
    shipped = datetime(2026, 10, 12, 9, 0, tzinfo=BEIJING)
    for tonnes in ("10.000", "8.000"):
        ManifestFactory(
            generator=enterprise_a,
            receiver=outside,
            category=hw48,
            shipped_at=shipped,
            quantity_shipped_t=Decimal(tonnes),
            quantity_received_t=Decimal(tonnes),
            received_at=shipped.replace(day=13),
        )
    [flag] = _score("counterparty")
    assert (flag.enterprise, flag.category, flag.waste_code) == (enterprise_a, hw48, CODE)
    with translation.override("en"):
        assert reason_text(flag.reasons[0]) == (
            "Reported 30.0 t transferred to 外地处置有限公司, which files no ledger here; the "
            "month's manifests to it account for 18.0 t (−40 %)."
        )
    ManifestFactory(
        generator=enterprise_a, receiver=outside, category=hw48, shipped_at=shipped.replace(day=20)
    )  # 10 t more, not confirmed yet: what was shipped counts until then
    assert _score("counterparty")[0].status == Flag.Status.CLEARED


def test_one_reason_per_receiver_and_one_flag_per_waste_code(enterprise_a, catalogue):
    hw48 = WasteCategory.objects.get(code="HW48")
    first, second = EnterpriseFactory(name="甲处置"), EnterpriseFactory(name="乙处置")
    for receiver, received in ((first, 70), (second, 140)):
        _entry(enterprise_a, hw48, OCT, "transferred_out", 100, receiver.credit_code, CODE)
        _entry(receiver, hw48, OCT, "received", received, enterprise_a.credit_code, CODE)
        # a second code of the same category, received in full
        _entry(enterprise_a, hw48, OCT, "transferred_out", 40, receiver.credit_code, "321-026-48")
        _entry(receiver, hw48, OCT, "received", 40, enterprise_a.credit_code, "321-026-48")
    flags = {flag.enterprise: flag for flag in _score("counterparty")}
    flag = flags[enterprise_a]
    assert (flag.waste_code, flag.severity) == (CODE, Flag.Severity.MEDIUM)
    assert [r["receiver"] for r in flag.reasons] == ["乙处置", "甲处置"]
    assert [r["change_pct"] for r in flag.reasons] == [29, -30]
    # Each receiver's ledger holds a receipt that does not match: flagged too, naming the sender.
    assert set(flags) == {enterprise_a, first, second}
    with translation.override("en"):
        assert [reason_text(r) for r in flags[first].reasons] == [
            f"Reports receiving 70.0 t from {enterprise_a.name}, which reports transferring "
            "100.0 t here (−30 %)."
        ]


def test_a_receipt_the_generator_does_not_report_is_flagged(enterprise_a, enterprise_b, catalogue):
    ash = WasteCategory.objects.get(code="SW02")
    _entry(enterprise_a, ash, OCT, "generated", 500)  # A reported October, naming no transfer
    _entry(enterprise_b, ash, OCT, "received", 300, enterprise_a.credit_code)
    flags = {flag.enterprise: flag for flag in _score("counterparty")}
    assert set(flags) == {enterprise_a, enterprise_b}
    with translation.override("en"):
        assert reason_text(flags[enterprise_a].reasons[0]) == (
            "Reported nothing of this waste transferred to 乙企业有限公司, which reports "
            "receiving 300.0 t from this enterprise."
        )
        assert reason_text(flags[enterprise_b].reasons[0]) == (
            "Reports receiving 300.0 t of this waste from 甲企业有限公司, which reports "
            "transferring none of it here."
        )
    _entry(enterprise_a, ash, OCT, "transferred_out", 300)  # transferred, receiver not named
    assert {flag.status for flag in _score("counterparty")} == {Flag.Status.CLEARED}


def test_a_receiver_is_not_questioned_where_the_generators_weighbridge_puts_its_own_figure_in_doubt(
    enterprise_a, enterprise_b, catalogue
):
    ash = WasteCategory.objects.get(code="SW02")
    _entry(enterprise_a, ash, OCT, "transferred_out", 200, enterprise_b.credit_code)
    _weigh(enterprise_a, ash, OCT, 300)  # 300 t left over A's weighbridge
    _entry(enterprise_b, ash, OCT, "received", 300, enterprise_a.credit_code)
    [flag] = _score("counterparty")
    assert flag.enterprise == enterprise_a


def test_receivers_are_compared_from_their_first_ledger_and_where_receipts_name_a_sender(
    enterprise_a, enterprise_b, catalogue
):
    ash = WasteCategory.objects.get(code="SW02")
    for period in (date(2026, 8, 1), date(2026, 9, 1), OCT):
        _entry(enterprise_a, ash, period, "transferred_out", 300, enterprise_b.credit_code)
    # B joined in September; in October it reports its receipts without naming the senders.
    _entry(enterprise_b, ash, date(2026, 9, 1), "generated", 5)
    _entry(enterprise_b, ash, OCT, "received", 300)
    assert [f.period for f in _score("counterparty")] == [date(2026, 9, 1)]
