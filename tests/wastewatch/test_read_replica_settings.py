"""DATABASE_REPLICA_URL: PostgreSQL only, and never a migration on the replica. The reads it
routes are tested on a real replica in test_read_replica.py."""

from tests.wastewatch.test_settings import run_manage

PRIMARY = "postgis://u:p@127.0.0.1:5432/ww"
REPLICA = "postgis://u:p@127.0.0.1:5433/ww"


def test_a_replica_needs_postgresql_on_both_sides():
    result = run_manage("check", DEBUG="1", DATABASE_URL="", DATABASE_REPLICA_URL=REPLICA)
    assert result.returncode != 0
    assert "DATABASE_REPLICA_URL needs PostgreSQL" in result.stderr


def test_migrations_are_allowed_on_the_primary_only():
    code = (
        "from django.db import router; "
        "print([router.allow_migrate(a, 'monitoring') for a in ('default', 'replica')])"
    )
    result = run_manage(
        "shell", "-c", code, DEBUG="1", DATABASE_URL=PRIMARY, DATABASE_REPLICA_URL=REPLICA
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[True, False]"


def test_without_a_replica_there_is_no_router():
    code = (
        "from django.conf import settings; "
        "print(sorted(settings.DATABASES), settings.DATABASE_ROUTERS)"
    )
    result = run_manage("shell", "-c", code, DEBUG="1", DATABASE_URL=PRIMARY)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "['default'] []"
