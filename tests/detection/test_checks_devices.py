"""device_quality judged per device: a frozen load cell across the wastes it weighs, a
receiver's inbound weighbridge falling silent while waste goes on arriving, and flags that
name the ledger's 8-digit code when the enterprise reports one code of the category."""

from datetime import date, datetime, timedelta
from decimal import Decimal

from django.utils import translation

from detection.models import Flag
from detection.reasons import reason_text
from detection.services import flags_score
from monitoring.models import LedgerEntry, WasteCategory
from tests.detection.test_detection_devices import SEP, SILENT_WEEK, at
from tests.factories import ManifestFactory

OCT = date(2026, 10, 1)


def ticket(number: str, when: datetime, *, category="SW01", direction="out", gross="40.120"):
    return {
        "ticket_number": number,
        "weighed_at": when.isoformat(),
        "category": category,
        "direction": direction,
        "gross_t": gross,
        "tare_t": "15.340",
        "vehicle": f"蒙B{number[-5:]:0>5}",
    }


def flags() -> list[Flag]:
    flags_score(since=date(2026, 1, 1), rules=["device_quality"])
    current = Flag.objects.filter(kind="device_quality").exclude(status=Flag.Status.CLEARED)
    return list(current.order_by("category__code", "period"))


def english(flag: Flag) -> list[str]:
    with translation.override("en"):
        return [reason_text(reason) for reason in flag.reasons]


def entry(enterprise, code: str, period: date, flow: str, quantity: str, waste_code=""):
    return LedgerEntry.objects.create(
        enterprise=enterprise,
        category=WasteCategory.objects.get(code=code),
        waste_code=waste_code,
        period=period,
        flow=flow,
        quantity_t=Decimal(quantity),
        source="api",
    )


def test_a_frozen_load_cell_is_flagged_on_every_waste_it_weighed(push):
    day = date(2026, 10, 12)
    # Slag and furnace slag in turn: the same reading six times in a row, three of each waste,
    # then the load cell moves again.
    push(
        [ticket(f"S{n}", at(day, 8 + n), category="SW01" if n % 2 else "SW03") for n in range(6)]
        + [ticket("S6", at(day, 15), gross="39.870")]
    )
    slag, furnace = flags()
    assert [slag.category.code, furnace.category.code] == ["SW01", "SW03"]
    assert (
        slag.reasons
        == furnace.reasons
        == [
            {
                "code": "device_stuck_wastes",
                "point": "wb-a",
                "tickets": 6,
                "first": "2026-10-12 08:00",
                "last": "2026-10-12 13:00",
                "net_t": "24.780",
                "same_gross_tare": True,
                "wastes": 2,
            }
        ]
    )
    assert english(slag) == [
        "Weighbridge wb-a recorded the same net weight, 24.780 t, on 6 consecutive tickets of 2 "
        "different wastes (2026-10-12 08:00 to 2026-10-12 13:00): a frozen load cell?"
    ]


def test_a_run_of_one_waste_inside_a_frozen_device_is_one_finding(push):
    day = date(2026, 10, 12)
    push([ticket(f"S{n}", at(day, 8 + n)) for n in range(6)])
    [flag] = flags()
    assert [reason["code"] for reason in flag.reasons] == ["device_stuck"]


def inbound_days(first: date, last: date, *, skip: range) -> list[dict]:
    """Fly ash arriving every day, a different load each time, except on the September days
    of `skip`."""
    items, day = [], first
    while day <= last:
        if not (day.month == 9 and day.day in skip):
            gross = f"{(45_000 + (day - first).days * 7) / 1000:.3f}"
            items.append(
                ticket(f"{day:%Y%m%d}", at(day), category="SW02", direction="in", gross=gross)
            )
        day += timedelta(days=1)
    return items


def test_a_receivers_weighbridge_falling_silent_is_flagged_when_it_reports_receipts(
    push, enterprise_a
):
    push(inbound_days(date(2026, 7, 1), date(2026, 9, 30), skip=SILENT_WEEK))
    assert flags() == []  # nothing reported received: a standstill, not a fault
    entry(enterprise_a, "SW02", SEP, "received", "900")
    [flag] = flags()
    assert (flag.period, flag.category.code, flag.severity) == (SEP, "SW02", Flag.Severity.MEDIUM)
    assert flag.reasons == [
        {
            "code": "device_gap_in",
            "point": "wb-a",
            "first_day": "2026-09-07",
            "last_day": "2026-09-15",
            "days": 7,
            "receipts": "ledger",
        }
    ]
    assert english(flag) == [
        "Weighbridge wb-a, which records tickets on most working days, recorded none from "
        "2026-09-07 to 2026-09-15 (7 working days), although the ledger reports this waste "
        "received this month."
    ]


def test_manifests_received_attest_arrivals_when_the_ledger_does_not(push, enterprise_a):
    push(
        [
            {**item, "category": "HW48"}
            for item in inbound_days(date(2026, 7, 1), date(2026, 9, 30), skip=SILENT_WEEK)
        ]
    )
    ManifestFactory(receiver=enterprise_a, shipped_at=at(date(2026, 9, 10)))
    [flag] = flags()
    assert (flag.period, flag.category.code, flag.waste_code) == (SEP, "HW48", "")
    assert flag.reasons[0]["receipts"] == "manifests"
    with translation.override("zh-hans"):
        assert "联单" in reason_text(flag.reasons[0])


def test_a_flag_names_the_code_when_the_ledger_reports_one_code_of_the_category(push, enterprise_a):
    day = date(2026, 10, 12)
    push([ticket(f"S{n}", at(day, 8 + n), category="HW48") for n in range(6)])
    entry(enterprise_a, "HW48", OCT, "generated", "60", waste_code="321-024-48")
    [flag] = flags()
    assert flag.waste_code == "321-024-48"
    entry(enterprise_a, "HW48", OCT, "generated", "5", waste_code="321-025-48")
    [flag] = flags()  # two codes of the category that month: the weighing names neither
    assert flag.waste_code == ""
