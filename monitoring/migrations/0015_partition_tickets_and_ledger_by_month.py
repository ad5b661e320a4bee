"""Weigh tickets and ledger entries become tables partitioned by month (PostgreSQL only).

Each table is rebuilt as a RANGE-partitioned parent of the same name: one partition per month
that holds rows, the current month and three ahead, and a DEFAULT partition so that a row for a
month without its partition (a device's backlog, an old ledger) is still stored;
`partitions_ensure` later moves such rows to their month's own partition. Rows are copied
whole with their ids, the id sequence continues where it was, and the primary key becomes
(id, partition key), since PostgreSQL requires every unique key of a partitioned table to
include the partition key. Months are the platform's local months (TIME_ZONE), as in roll-ups.

The weigh ticket's unique key becomes (point, ticket number, weighed at): a retried device
batch repeats the same time, so it still conflicts; the service keeps one ticket per number
and point by reading before writing, under a lock on the point.

On SpatiaLite (the embedded demo) only the unique constraint changes. The reverse rebuilds
plain tables from the partitions still attached (detached ones stay as they are).
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import migrations, models

TABLES = (("monitoring_weighticket", "weighed_at"), ("monitoring_ledgerentry", "period"))
MONTHS_AHEAD = 3


def _one(cursor, sql: str, params=()):
    cursor.execute(sql, params)
    return cursor.fetchone()


def _next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def _bound(month: date, timestamp: bool) -> str:
    if timestamp:  # local midnight, written with its offset: the bound does not depend on the
        # session's time zone
        return datetime(month.year, month.month, 1, tzinfo=ZoneInfo(settings.TIME_ZONE)).isoformat()
    return month.isoformat()


def _definitions(cursor, table: str) -> tuple[list, list]:
    """The table's foreign and unique keys (name, definition) and the CREATE INDEX statements
    of its other indexes (name, statement)."""
    cursor.execute(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = %s::regclass AND contype IN ('f', 'u') ORDER BY conname",
        [table],
    )
    constraints = cursor.fetchall()
    cursor.execute(
        "SELECT i.relname, pg_get_indexdef(x.indexrelid) FROM pg_index x "
        "JOIN pg_class i ON i.oid = x.indexrelid WHERE x.indrelid = %s::regclass "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid "
        "AND c.conrelid = x.indrelid) ORDER BY i.relname",
        [table],
    )
    return constraints, cursor.fetchall()


def _restore(cursor, table: str, constraints: list, indexes: list) -> None:
    """Keys and indexes as read before the table was renamed: the statements name it."""
    for name, definition in constraints:
        cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
    for _name, statement in indexes:
        cursor.execute(statement)


def _copy(cursor, table: str, source: str) -> None:
    cursor.execute(f"INSERT INTO {table} SELECT * FROM {source}")
    copied = cursor.rowcount
    (count,) = _one(cursor, f"SELECT count(*) FROM {source}")
    if copied != count:
        raise RuntimeError(f"{table}: {copied} rows copied of {count}; nothing changed.")


def partition(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for table, key in TABLES:
            _partition(cursor, table, key)


def _partition(cursor, table: str, key: str) -> None:
    old = f"{table}_unpartitioned"
    constraints, indexes = _definitions(cursor, table)
    for name, definition in constraints + indexes:
        if "UNIQUE" in definition and key not in definition:
            raise RuntimeError(f"{table}: the unique key {name} must include {key}.")
    (sequence,) = _one(cursor, "SELECT pg_get_serial_sequence(%s, 'id')", [table])
    last_value, is_called = _one(cursor, f"SELECT last_value, is_called FROM {sequence}")
    (key_type,) = _one(
        cursor,
        "SELECT format_type(atttypid, atttypmod) FROM pg_attribute "
        "WHERE attrelid = %s::regclass AND attname = %s",
        [table, key],
    )
    timestamp = key_type.startswith("timestamp")

    cursor.execute(f"ALTER TABLE {table} RENAME TO {old}")
    cursor.execute(f"CREATE SEQUENCE {table}_id_seq_new AS bigint")
    cursor.execute(f"SELECT setval('{table}_id_seq_new', %s, %s)", [last_value, is_called])
    cursor.execute(
        f"CREATE TABLE {table} (LIKE {old} INCLUDING DEFAULTS INCLUDING CONSTRAINTS "
        f"INCLUDING STORAGE INCLUDING COMMENTS) PARTITION BY RANGE ({key})"
    )
    cursor.execute(f"ALTER TABLE {table} ALTER COLUMN id SET DEFAULT nextval('{table}_id_seq_new')")

    local = f"{key} AT TIME ZONE %s" if timestamp else key
    params = [settings.TIME_ZONE] if timestamp else []
    cursor.execute(f"SELECT DISTINCT date_trunc('month', {local})::date FROM {old}", params)
    months = {row[0] for row in cursor.fetchall()}
    (month,) = _one(
        cursor, "SELECT date_trunc('month', now() AT TIME ZONE %s)::date", [settings.TIME_ZONE]
    )
    for _ahead in range(MONTHS_AHEAD + 1):
        months.add(month)
        month = _next_month(month)
    for month in sorted(months):
        lower, upper = _bound(month, timestamp), _bound(_next_month(month), timestamp)
        cursor.execute(
            f"CREATE TABLE {table}_p{month:%Y_%m} PARTITION OF {table} "
            "FOR VALUES FROM (%s) TO (%s)",
            [lower, upper],
        )
    cursor.execute(f"CREATE TABLE {table}_default PARTITION OF {table} DEFAULT")

    _copy(cursor, table, old)
    cursor.execute(f"DROP TABLE {old}")  # and its identity sequence
    cursor.execute(f"ALTER SEQUENCE {table}_id_seq_new RENAME TO {table}_id_seq")
    cursor.execute(f"ALTER SEQUENCE {table}_id_seq OWNED BY {table}.id")
    cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {table}_pkey PRIMARY KEY (id, {key})")
    _restore(cursor, table, constraints, indexes)
    cursor.execute(f"ANALYZE {table}")


def unpartition(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for table, _key in TABLES:
            _unpartition(cursor, table)


def _unpartition(cursor, table: str) -> None:
    old = f"{table}_partitioned"
    constraints, indexes = _definitions(cursor, table)
    (sequence,) = _one(cursor, "SELECT pg_get_serial_sequence(%s, 'id')", [table])
    last_value, is_called = _one(cursor, f"SELECT last_value, is_called FROM {sequence}")

    cursor.execute(f"ALTER TABLE {table} RENAME TO {old}")
    cursor.execute(
        f"CREATE TABLE {table} (LIKE {old} INCLUDING CONSTRAINTS INCLUDING STORAGE "
        "INCLUDING COMMENTS)"
    )
    _copy(cursor, table, old)
    cursor.execute(f"DROP TABLE {old}")  # its partitions and its sequence with it
    cursor.execute(f"ALTER TABLE {table} ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY")
    cursor.execute(
        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), %s, %s)", [last_value, is_called]
    )
    cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {table}_pkey PRIMARY KEY (id)")
    _restore(cursor, table, constraints, indexes)


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0014_ledger_entry_period_index"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="weighticket", name="weigh_ticket_number_unique"),
        migrations.AddConstraint(
            model_name="weighticket",
            constraint=models.UniqueConstraint(
                fields=("point", "ticket_number", "weighed_at"), name="weigh_ticket_number_unique"
            ),
        ),
        migrations.RunPython(partition, unpartition, elidable=False),
    ]
