"""Shared by the tests of migration 0015: migrating to a state, and each table's rows in
one fingerprint."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("monitoring", "0014_ledger_entry_period_index")]
AFTER = [("monitoring", "0015_partition_tickets_and_ledger_by_month")]
TABLES = ("monitoring_weighticket", "monitoring_ledgerentry")


def migrate_to(targets):
    """The historical models of the state migrated to."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def migrate_to_latest() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def fingerprint() -> dict[str, tuple]:
    """Each table's row count and a checksum of every row's every value, in id order."""
    found = {}
    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(
                f"SELECT count(*), md5(string_agg(t::text, '|' ORDER BY id)) FROM {table} t"
            )
            found[table] = cursor.fetchone()
    return found
