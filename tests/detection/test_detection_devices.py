"""Weighbridge data quality: frozen load cells, re-sent tickets and silent weighbridges, found
in the tickets a device pushed and flagged per enterprise, waste and month."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from detection.models import Flag
from detection.reasons import reason_text
from detection.services import flags_score
from monitoring.models import WasteCategory
from tests.detection.test_flags import _entry

BEIJING = ZoneInfo("Asia/Shanghai")
OCT = date(2026, 10, 1)
SEP = date(2026, 9, 1)


def at(day: date, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=BEIJING)


def ticket(number: str, when: datetime, gross="40.120", tare="15.340", vehicle="蒙B12345"):
    return {
        "ticket_number": number,
        "weighed_at": when.isoformat(),
        "category": "SW01",
        "direction": "out",
        "gross_t": gross,
        "tare_t": tare,
        "vehicle": vehicle,
    }


def flags() -> list[Flag]:
    flags_score(since=date(2026, 1, 1), rules=["device_quality"])
    return list(Flag.objects.filter(kind="device_quality").order_by("period"))


def english(flag: Flag) -> list[str]:
    with translation.override("en"):
        return [reason_text(reason) for reason in flag.reasons]


def test_a_run_of_identical_weighings_is_flagged_with_its_length(push):
    day = date(2026, 10, 12)
    # 7 trucks in a row show the same gross and tare, then the load cell moves again
    push(
        [ticket(f"S{n}", at(day, 8 + n), vehicle=f"蒙B1000{n}") for n in range(7)]
        + [ticket("S7", at(day, 16), gross="39.870")]
    )
    [flag] = flags()
    assert (flag.period, flag.category.code, flag.severity) == (OCT, "SW01", Flag.Severity.MEDIUM)
    assert flag.reasons == [
        {
            "code": "device_stuck",
            "point": "wb-a",
            "tickets": 7,
            "first": "2026-10-12 08:00",
            "last": "2026-10-12 14:00",
            "net_t": "24.780",
            "same_gross_tare": True,
        }
    ]
    assert english(flag) == [
        "Weighbridge wb-a repeated the same gross and tare (net 24.780 t) on 7 consecutive "
        "tickets of this waste (2026-10-12 08:00 to 2026-10-12 14:00): a frozen load cell?"
    ]
    again = flags_score(since=date(2026, 1, 1), rules=["device_quality"])
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)


def test_the_same_weight_on_tickets_that_are_not_consecutive_is_not_a_run(push):
    day = date(2026, 10, 12)
    items = []
    for n in range(6):  # the same weight every other ticket, on different trucks
        items.append(ticket(f"A{n}", at(day, 8 + n), vehicle=f"蒙B2000{n}"))
        items.append(ticket(f"B{n}", at(day, 8 + n, 30), gross=f"4{n}.500", vehicle="蒙B30000"))
    push(items)
    assert flags() == []


def test_a_ticket_sent_again_minutes_later_is_flagged_but_a_second_trip_is_not(push):
    day = date(2026, 10, 13)
    push(
        [
            ticket("T1", at(day, 9, 0)),
            ticket("T2", at(day, 9, 4)),  # the same load again, 4 minutes later
            ticket("T3", at(day, 12, 4)),  # the same truck back 3 hours later: a new trip
        ]
    )
    [flag] = flags()
    assert flag.reasons == [
        {
            "code": "device_resent",
            "point": "wb-a",
            "tickets": 1,
            "first": "2026-10-13 09:04",
            "last": "2026-10-13 09:04",
        }
    ]
    assert english(flag) == [
        "Weighbridge wb-a recorded 1 ticket with the same vehicle, gross and tare as a ticket "
        "minutes before it (2026-10-13 09:04): a load weighed or sent twice?"
    ]


def _daily(first: date, last: date, *, skip: range | None = None, weekdays=range(7)):
    """A ticket a day from first to last (on the given weekdays), a different load each time,
    except on the days of `skip` (as day numbers of September)."""
    items, day = [], first
    while day <= last:
        silent = skip is not None and day.month == 9 and day.day in skip
        if day.weekday() in weekdays and not silent:
            kg = 30_000 + (day - first).days * 7
            items.append(ticket(f"{day:%Y%m%d}", at(day), gross=f"{(kg + 15_340) / 1000:.3f}"))
        day += timedelta(days=1)
    return items


SILENT_WEEK = range(7, 16)  # 7–15 September 2026: 7 working days


@pytest.fixture
def slag_out(enterprise_a, catalogue):
    """Enterprise A's ledger reports slag transferred out in September."""

    def report() -> None:
        slag = WasteCategory.objects.get(code="SW01")
        _entry(enterprise_a, slag, SEP, "transferred_out", "800")

    return report


def test_a_daily_weighbridge_silent_for_a_week_is_flagged_when_the_ledger_reports_transfers(
    push, slag_out
):
    push(_daily(date(2026, 7, 1), date(2026, 9, 30), skip=SILENT_WEEK))
    assert flags() == []  # nothing reported leaving: no weighing to miss
    slag_out()
    [flag] = flags()
    assert (flag.period, flag.category.code, flag.severity) == (SEP, "SW01", Flag.Severity.MEDIUM)
    assert flag.reasons == [
        {
            "code": "device_gap",
            "point": "wb-a",
            "first_day": "2026-09-07",
            "last_day": "2026-09-15",
            "days": 7,
        }
    ]
    assert english(flag) == [
        "Weighbridge wb-a, which records tickets on most working days, recorded none from "
        "2026-09-07 to 2026-09-15 (7 working days), although the ledger reports this waste "
        "transferred out this month."
    ]


def test_a_weighbridge_used_twice_a_week_may_fall_silent_for_a_week(push, slag_out):
    slag_out()
    mondays_and_thursdays = (0, 3)
    push(
        _daily(
            date(2026, 7, 1), date(2026, 9, 30), skip=SILENT_WEEK, weekdays=mondays_and_thursdays
        )
    )
    assert flags() == []


def test_public_holidays_are_not_silences(push, enterprise_a, catalogue):
    slag = WasteCategory.objects.get(code="SW01")
    _entry(enterprise_a, slag, OCT, "transferred_out", "800")
    items = _daily(date(2026, 7, 1), date(2026, 10, 31))
    # nothing weighed over the National Day holiday, 1–7 October
    push([item for item in items if not "20261001" <= item["ticket_number"] <= "20261007"])
    assert flags() == []


def test_a_plant_that_stopped_for_a_week_is_no_silent_weighbridge(push, enterprise_a, catalogue):
    items = _daily(date(2026, 7, 1), date(2026, 9, 30), skip=SILENT_WEEK)
    push(items)
    september = [item for item in items if item["ticket_number"].startswith("202609")]
    weighed = sum(Decimal(i["gross_t"]) - Decimal(i["tare_t"]) for i in september)
    # The ledger reports what was weighed: the plant moved nothing that week.
    _entry(enterprise_a, WasteCategory.objects.get(code="SW01"), SEP, "transferred_out", weighed)
    assert flags() == []


def test_a_silence_across_a_months_end_is_judged_on_all_its_working_days(
    push, enterprise_a, catalogue
):
    slag = WasteCategory.objects.get(code="SW01")
    for period in (date(2026, 8, 1), SEP):
        _entry(enterprise_a, slag, period, "transferred_out", "1000")
    items = _daily(date(2026, 6, 1), date(2026, 9, 30))
    # 27 August – 3 September: 3 working days in each month, 6 in all
    push([item for item in items if not "20260827" <= item["ticket_number"] <= "20260903"])
    assert [(f.period, f.reasons[0]["days"]) for f in flags()] == [
        (date(2026, 8, 1), 3),
        (SEP, 3),
    ]
