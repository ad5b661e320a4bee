"""The demo's data (`make demo`), loaded before migration 0015, keeps every row through it."""

import pytest
from django.core.management import call_command
from django.db import connection

from tests.monitoring.partition_helpers import AFTER, BEFORE, fingerprint, migrate_to

pytestmark = pytest.mark.slow


@pytest.mark.django_db(transaction=True)
def test_the_demo_keeps_every_row(settings, tmp_path, back_to_latest):
    settings.VAR_DIR = tmp_path
    migrate_to(BEFORE)
    for command in ("load_reference_data", "load_demo", "load_demo_monitoring"):
        call_command(command, verbosity=0)
    call_command("load_demo_detection")
    before = fingerprint()
    assert all(count > 1000 for count, _checksum in before.values()), before

    migrate_to(AFTER)

    assert fingerprint() == before
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT count(*) FROM monitoring_weighticket_default), "
            "(SELECT count(*) FROM monitoring_ledgerentry_default)"
        )
        assert cursor.fetchone() == (0, 0)  # every month with rows has its partition
