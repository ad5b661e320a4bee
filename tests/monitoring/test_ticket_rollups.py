"""Weigh tickets rolled up per enterprise, category, direction and Beijing-time day."""

import pytest
from django.core.management import call_command

from monitoring.models import TicketRollup

URL = "/api/v1/weigh-tickets/"


def ticket(number, when, gross=40.0, tare=15.0, category="SW01", direction="out"):
    return {
        "ticket_number": number,
        "weighed_at": when,
        "category": category,
        "direction": direction,
        "gross_t": gross,
        "tare_t": tare,
    }


@pytest.fixture
def pushed(device_a, django_capture_on_commit_callbacks):
    def push(tickets):
        with django_capture_on_commit_callbacks(execute=True):
            return device_a.post(URL, tickets, format="json").json()

    return push


@pytest.mark.smoke
def test_a_batch_is_rolled_up_by_local_day(pushed, enterprise_a):
    pushed(
        [
            ticket("1", "2026-11-20T08:00:00+08:00"),
            ticket("2", "2026-11-20T23:30:00+08:00", gross=35),
            ticket("3", "2026-11-20T16:30:00+00:00"),  # 00:30 on the 21st in Baotou
            ticket("4", "2026-11-20T09:00:00+08:00", direction="in"),
        ]
    )
    rows = {
        (str(r.day), r.direction): (r.tickets, str(r.net_t))
        for r in TicketRollup.objects.filter(enterprise=enterprise_a)
    }
    assert rows == {
        ("2026-11-20", "out"): (2, "45.000"),
        ("2026-11-21", "out"): (1, "25.000"),
        ("2026-11-20", "in"): (1, "25.000"),
    }


def test_a_retry_and_a_rebuild_change_nothing(pushed, enterprise_a):
    batch = [ticket("1", "2026-11-20T08:00:00+08:00"), ticket("2", "2026-11-20T10:00:00+08:00")]
    pushed(batch)
    before = list(TicketRollup.objects.values_list("day", "direction", "tickets", "net_t"))
    pushed(batch)
    call_command("refresh_ticket_rollups", "--since", "2026-11-01")
    after = list(TicketRollup.objects.values_list("day", "direction", "tickets", "net_t"))
    assert after == before


def test_the_api_sums_days_into_months_within_scope(pushed, api, regulator, operator_b):
    pushed(
        [
            ticket("1", "2026-10-31T10:00:00+08:00"),
            ticket("2", "2026-11-01T10:00:00+08:00"),
            ticket("3", "2026-11-15T10:00:00+08:00", gross=55),
        ]
    )
    api.credentials()
    api.force_authenticate(regulator)
    body = api.get("/api/v1/ticket-rollups/", {"granularity": "month"}).json()
    assert [(r["period"], r["tickets"], r["net_t"]) for r in body["results"]] == [
        ("2026-10-01", 1, "25.000"),
        ("2026-11-01", 2, "65.000"),
    ]
    daily = api.get("/api/v1/ticket-rollups/", {"since": "2026-11-01"}).json()
    assert daily["count"] == 2
    assert api.get("/api/v1/ticket-rollups/", {"since": "soon"}).status_code == 400
    api.force_authenticate(operator_b)
    assert api.get("/api/v1/ticket-rollups/").json()["count"] == 0


def test_concurrent_refreshes_of_one_enterprise_take_turns(
    transactional_db, enterprise_a, catalogue
):
    """Two weighbridges of one enterprise finishing batches at once (two server processes)."""
    from concurrent.futures import ThreadPoolExecutor
    from datetime import date

    from django.db import connection

    from monitoring.rollups import ticket_rollup_refresh
    from monitoring.services import weigh_ticket_batch_ingest
    from tests.factories import MonitoringPointFactory

    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writer at a time anyway")
    points = [MonitoringPointFactory(enterprise=enterprise_a) for _ in range(2)]
    for index, point in enumerate(points):
        weigh_ticket_batch_ingest(
            point=point,
            items=[ticket(f"{index}-{n}", "2026-11-20T08:00:00+08:00") for n in range(5)],
        )

    def refresh(_):
        try:
            return ticket_rollup_refresh(enterprise_id=enterprise_a.pk, days=[date(2026, 11, 20)])
        finally:
            connection.close()

    with ThreadPoolExecutor(4) as pool:
        assert list(pool.map(refresh, range(40))) == [1] * 40
    row = TicketRollup.objects.get(enterprise=enterprise_a)
    assert (row.tickets, str(row.net_t)) == (10, "250.000")
