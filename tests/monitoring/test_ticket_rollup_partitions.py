"""A day's roll-up reads only its month's partition of the weigh tickets (PostgreSQL): the
refresh bounds the tickets' times, not only their local day, so the planner can prune."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from monitoring.partitions import partitions_ensure
from monitoring.rollups import ticket_rollup_refresh
from tests.monitoring.test_ticket_rollups import ticket

URL = "/api/v1/weigh-tickets/"


@pytest.fixture
def two_months(db, device_a, django_capture_on_commit_callbacks):
    if connection.vendor != "postgresql":
        pytest.skip("monthly partitions exist on PostgreSQL only")
    partitions_ensure(months_ahead=3, today=date(2026, 9, 1))
    with django_capture_on_commit_callbacks(execute=True):
        device_a.post(
            URL,
            [ticket("1", "2026-10-20T08:00:00+08:00"), ticket("2", "2026-11-20T08:00:00+08:00")],
            format="json",
        )


def _plan(sql: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


def test_a_days_refresh_reads_its_months_partition_only(two_months, enterprise_a):
    with CaptureQueriesContext(connection) as queries:
        assert ticket_rollup_refresh(enterprise_id=enterprise_a.pk, days=[date(2026, 11, 20)])
    [select] = [q["sql"] for q in queries if "monitoring_weighticket" in q["sql"]]
    plan = _plan(select)
    assert "monitoring_weighticket_p2026_11" in plan
    assert "monitoring_weighticket_p2026_10" not in plan
    assert "monitoring_weighticket_default" not in plan
