"""Migration 0015 turns weigh tickets and ledger entries into tables partitioned by month
without losing or changing a row, keeps ids counting on, and back."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection

from tests.monitoring.partition_helpers import AFTER, BEFORE, TABLES, fingerprint, migrate_to

BEIJING = ZoneInfo("Asia/Shanghai")


def _partition_of(table: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT tableoid::regclass::text FROM {table} WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def _table_kinds() -> dict[str, str]:
    """Each of TABLES by its kind in pg_class ("p" partitioned, "r" plain)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, relkind FROM pg_class WHERE relname = ANY(%s)", [list(TABLES)]
        )
        return dict(cursor.fetchall())


def _constraints(*names: str) -> list[str]:
    """The definitions of the named constraints, in the names' alphabetical order."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = ANY(%s) "
            "ORDER BY conname",
            [list(names)],
        )
        return [row[0] for row in cursor.fetchall()]


def _load(apps, enterprise_id: int) -> dict[str, int]:
    """Tickets over months and years (two either side of a local month's end) and ledger
    figures, one of them superseded."""
    category = apps.get_model("monitoring", "WasteCategory").objects.get(code="SW01")
    point = apps.get_model("monitoring", "MonitoringPoint").objects.create(
        enterprise_id=enterprise_id, code="wb-1", kind="weighbridge"
    )
    Ticket = apps.get_model("monitoring", "WeighTicket")
    times = {
        "old": datetime(2019, 3, 5, 10, tzinfo=BEIJING),
        "october-end": datetime(2026, 10, 31, 23, 30, tzinfo=BEIJING),
        "november-start": datetime(2026, 11, 1, 0, 10, tzinfo=BEIJING),
        "other": datetime(2025, 6, 1, 12, tzinfo=BEIJING),
    }
    ids = {}
    for number, (name, weighed_at) in enumerate(times.items()):
        ids[name] = Ticket.objects.create(
            point=point,
            ticket_number=f"T{number}",
            weighed_at=weighed_at,
            category=category,
            direction="out",
            gross_t=Decimal("40.000"),
            tare_t=Decimal("10.000"),
            net_t=Decimal("30.000"),
            ingest_id=f"00000000-0000-0000-0000-00000000000{number}",
        ).pk
    Entry = apps.get_model("monitoring", "LedgerEntry")
    for month in (1, 2, 3):
        for flow, superseded in (("generated", None), ("generated", datetime(2026, 5, 1))):
            Entry.objects.create(
                enterprise_id=enterprise_id,
                category=category,
                period=date(2026, month, 1),
                flow=flow,
                quantity_t=Decimal(month),
                source="upload",
                superseded_at=superseded and superseded.replace(tzinfo=BEIJING),
            )
    return ids


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_every_row_and_each_lands_in_its_local_month(
    enterprise_a, catalogue, back_to_latest
):
    ids = _load(migrate_to(BEFORE), enterprise_a.pk)
    before = fingerprint()

    apps = migrate_to(AFTER)

    assert fingerprint() == before
    assert before["monitoring_weighticket"][0] == 4
    assert before["monitoring_ledgerentry"][0] == 6
    partition = {name: _partition_of("monitoring_weighticket", pk) for name, pk in ids.items()}
    assert partition == {
        "old": "monitoring_weighticket_p2019_03",
        "october-end": "monitoring_weighticket_p2026_10",
        "november-start": "monitoring_weighticket_p2026_11",
        "other": "monitoring_weighticket_p2025_06",
    }
    assert _table_kinds() == dict.fromkeys(TABLES, "p")  # partitioned
    assert _constraints("monitoring_ledgerentry_pkey", "monitoring_weighticket_pkey") == [
        "PRIMARY KEY (id, period)",
        "PRIMARY KEY (id, weighed_at)",
    ]
    Ticket = apps.get_model("monitoring", "WeighTicket")
    newer = Ticket.objects.create(
        point=Ticket.objects.get(pk=ids["old"]).point,
        ticket_number="T-new",
        weighed_at=datetime(2026, 11, 2, tzinfo=BEIJING),
        category_id=Ticket.objects.get(pk=ids["old"]).category_id,
        direction="in",
        gross_t=1,
        tare_t=0,
        net_t=1,
        ingest_id="00000000-0000-0000-0000-000000000009",
    )
    assert newer.pk > max(ids.values())


@pytest.mark.django_db(transaction=True)
def test_the_migration_reversed_keeps_every_row_in_plain_tables(
    enterprise_a, catalogue, back_to_latest
):
    migrate_to(BEFORE)
    _load(migrate_to(AFTER), enterprise_a.pk)
    before = fingerprint()

    migrate_to(BEFORE)

    assert fingerprint() == before
    assert _table_kinds() == dict.fromkeys(TABLES, "r")  # plain tables
    assert _constraints("weigh_ticket_number_unique") == ["UNIQUE (point_id, ticket_number)"]
