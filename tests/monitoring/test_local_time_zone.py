"""One local time zone, settings.TIME_ZONE, for roll-up days, naive device times, manifest
deadlines and every command, whatever time zone happens to be active."""

from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from monitoring.models import TicketRollup, WasteCategory, WeighTicket

URL = "/api/v1/weigh-tickets/"


def ticket(number: str, when: str) -> dict:
    return {
        "ticket_number": number,
        "weighed_at": when,
        "category": "SW01",
        "direction": "out",
        "gross_t": 40.0,
        "tare_t": 15.0,
    }


@pytest.fixture
def push(device_a, django_capture_on_commit_callbacks):
    def push(tickets):
        with django_capture_on_commit_callbacks(execute=True):
            response = device_a.post(URL, tickets, format="json")
        assert response.status_code in (200, 201), response.json()

    return push


def days(enterprise) -> dict[str, int]:
    return {str(row.day): row.tickets for row in TicketRollup.objects.filter(enterprise=enterprise)}


def test_it_rolls_up_a_ticket_weighed_at_2330_utc_on_the_next_local_day(push, enterprise_a):
    push([ticket("1", "2026-11-20T23:30:00Z"), ticket("2", "2026-11-21T15:30:00Z")])
    assert days(enterprise_a) == {"2026-11-21": 2}  # 07:30 and 23:30 in Baotou


def test_it_keeps_time_zone_days_whatever_time_zone_is_active(push, enterprise_a):
    with timezone.override(UTC):
        push([ticket("1", "2026-11-20T23:30:00Z")])
        call_command("refresh_ticket_rollups", "--since", "2026-11-01")
    assert days(enterprise_a) == {"2026-11-21": 1}


def test_it_reads_device_times_and_manifest_days_in_the_configured_zone(
    push, enterprise_a, enterprise_b, staff_admin, settings
):
    from monitoring.manifests import manifest_create, manifest_receipt_overdue_date

    settings.TIME_ZONE = "Asia/Urumqi"  # UTC+6
    push(
        [
            ticket("1", "2026-11-20T23:30:00"),  # naive: the device's local clock
            ticket("2", "2026-11-20T18:30:00Z"),  # 00:30 on the 21st in Urumqi
        ]
    )
    stored = WeighTicket.objects.get(ticket_number="1").weighed_at
    assert stored == datetime(2026, 11, 20, 17, 30, tzinfo=UTC)
    assert days(enterprise_a) == {"2026-11-20": 1, "2026-11-21": 1}

    # Tuesday 10 November, 23:30 local (already Wednesday in Beijing): due 5 working days on.
    manifest = manifest_create(
        actor=staff_admin,
        number="20261502000001",
        generator=enterprise_a,
        receiver=enterprise_b,
        transporter_name="运输公司",
        vehicle="蒙B12345",
        category=WasteCategory.objects.get(code="HW48"),
        waste_code="321-024-48",
        quantity_shipped_t=Decimal("10.000"),
        shipped_at=datetime(2026, 11, 10, 23, 30, tzinfo=ZoneInfo("Asia/Urumqi")),
    )
    # 10 Nov in Urumqi (11 Nov in Beijing): 10 working days later is the 24th.
    assert manifest_receipt_overdue_date(shipped_at=manifest.shipped_at) == date(2026, 11, 24)


def test_it_defaults_the_commands_to_the_local_date(push, enterprise_a, capsys):
    push([ticket("1", "2026-10-28T23:30:00Z")])  # 29 October locally
    TicketRollup.objects.all().delete()
    # 16:30 UTC on 2 December is already 3 December in Baotou: 35 days back is 29 October.
    with time_machine.travel(datetime(2026, 12, 2, 16, 30, tzinfo=UTC), tick=False):
        call_command("refresh_ticket_rollups")
    assert "since 2026-10-29" in capsys.readouterr().out
    assert days(enterprise_a) == {"2026-10-29": 1}
