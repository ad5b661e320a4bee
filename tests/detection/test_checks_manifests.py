"""Manifests: receipts against shipments, and confirmations that are missing or late, each
flagged on the one who has to act, per waste code and month of shipping."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from detection.models import Flag
from detection.reasons import reason_text
from detection.services import flags_score
from monitoring.models import LedgerEntry, WasteCategory
from tests.factories import EnterpriseFactory, ManifestFactory

BEIJING = ZoneInfo("Asia/Shanghai")
SHIPPED = datetime(2026, 10, 12, 9, 0, tzinfo=BEIJING)  # Monday; overdue after 26 October
OCT = date(2026, 10, 1)


@pytest.fixture
def parties(catalogue):
    return EnterpriseFactory(name="移出单位"), EnterpriseFactory(name="接受单位")


def _ship(generator, receiver, *, code="321-024-48", tonnes="10.000", **receipt):
    return ManifestFactory(
        generator=generator,
        receiver=receiver,
        waste_code=code,
        shipped_at=SHIPPED,
        quantity_shipped_t=Decimal(tonnes),
        **receipt,
    )


def _received(tonnes: str, days: int, confirmed_days: int | None = None) -> dict:
    """Received `days` after shipping, confirmed `confirmed_days` after it (or then)."""
    receipt = {
        "quantity_received_t": Decimal(tonnes),
        "received_at": SHIPPED + timedelta(days=days),
    }
    if confirmed_days is not None:
        receipt["confirmed_at"] = SHIPPED + timedelta(days=confirmed_days)
    return receipt


def _score(enterprise_ids=None) -> None:
    flags_score(since=date(2026, 1, 1), today=date(2026, 11, 20), enterprise_ids=enterprise_ids)


def test_an_overdue_manifest_is_the_generators_per_waste_code(parties):
    generator, receiver = parties
    overdue = _ship(generator, receiver)
    _ship(generator, receiver, code="321-026-48")
    _ship(generator, receiver, code="321-026-48", **_received("10.000", 2))
    _score(enterprise_ids=[generator.pk])
    flags = Flag.objects.filter(kind="manifest_overdue").order_by("waste_code")
    assert [(f.enterprise, f.waste_code, f.period) for f in flags] == [
        (generator, "321-024-48", OCT),
        (generator, "321-026-48", OCT),
    ]
    assert {f.severity for f in flags} == {Flag.Severity.HIGH}  # a month past its due date
    with translation.override("en"):
        assert reason_text(flags[0].reasons[0]).startswith(f"Manifest {overdue.number} ")
        assert "to 接受单位, shipped 2026-10-12, has no confirmed receipt" in reason_text(
            flags[0].reasons[0]
        )
        assert reason_text(flags[0].reasons[0]).endswith("it was due by 2026-10-26.")


def test_a_manifest_still_in_transit_is_not_overdue(parties):
    """Unconfirmed 9 working days after shipping: it may still be on the road."""
    generator, receiver = parties
    _ship(generator, receiver)
    flags_score(since=date(2026, 1, 1), today=date(2026, 10, 26), enterprise_ids=[generator.pk])
    assert not Flag.objects.filter(kind="manifest_overdue").exists()


def test_a_late_confirmation_is_the_receivers_on_the_month_of_shipping(parties):
    generator, receiver = parties
    # Received 13 October (due the 20th), confirmed on the 22nd: 2 days late.
    late = _ship(generator, receiver, **_received("10.000", 1, confirmed_days=10))
    # Received on the 21st and confirmed at once: in time, however long after shipping.
    _ship(generator, receiver, code="321-026-48", **_received("10.000", 9))
    _score(enterprise_ids=[receiver.pk])
    [flag] = Flag.objects.all()
    assert (flag.kind, flag.enterprise, flag.waste_code, flag.period, flag.severity) == (
        "manifest_late",
        receiver,
        "321-024-48",
        OCT,
        Flag.Severity.LOW,
    )
    with translation.override("en"):
        assert reason_text(flag.reasons[0]) == (
            f"Manifest {late.number} from 移出单位, received 2026-10-13, was confirmed on "
            "2026-10-22, 2 days after its due date 2026-10-20 (5 working days from receipt)."
        )
    with translation.override("zh-hans"):
        assert "晚 2 天" in reason_text(flag.reasons[0])


def test_a_discrepancy_is_flagged_on_the_generator_per_waste_code(parties):
    generator, receiver = parties
    light = _ship(generator, receiver, tonnes="20.000", **_received("16.000", 1))
    _ship(generator, receiver, code="321-026-48", tonnes="20.000", **_received("19.500", 1))
    _score()
    [flag] = Flag.objects.filter(kind="manifest_discrepancy")
    assert (flag.enterprise, flag.waste_code, flag.severity) == (
        generator,
        "321-024-48",
        Flag.Severity.LOW,
    )
    assert [r["number"] for r in flag.reasons] == [light.number]


def test_a_discrepancy_is_flagged_on_a_receiver_that_files_ledgers_here_too(parties):
    generator, receiver = parties
    LedgerEntry.objects.create(
        enterprise=receiver,
        category=WasteCategory.objects.get(code="HW48"),
        waste_code="321-024-48",
        period=OCT,
        flow="received",
        quantity_t=Decimal("16.000"),
        source="api",
        counterparty=generator.credit_code,
    )
    light = _ship(generator, receiver, tonnes="20.000", **_received("16.000", 1))
    _score()
    flags = {f.enterprise: f for f in Flag.objects.filter(kind="manifest_discrepancy")}
    assert set(flags) == {generator, receiver}
    with translation.override("en"):
        assert reason_text(flags[receiver].reasons[0]) == (
            f"Manifest {light.number} from 移出单位: shipped 20.000 t; this enterprise confirmed "
            "receiving 16.000 t and refusing 0.000 t (−20 %)."
        )
