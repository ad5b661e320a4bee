"""Partitions are created ahead, and a row of a month without its partition is stored anyway
(DEFAULT partition) and moved to its month's partition by the daily task."""

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from monitoring.models import WeighTicket
from monitoring.partitions import TABLES, partitions_months
from monitoring.services import weigh_ticket_batch_ingest
from monitoring.tasks import partitions_ensure_task
from tests.factories import weigh_ticket_payload as ticket
from wastewatch.periods import month_add

pytestmark = pytest.mark.django_db


def _partition_of(pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tableoid::regclass::text FROM monitoring_weighticket WHERE id = %s", [pk]
        )
        return cursor.fetchone()[0]


def test_the_command_creates_the_months_ahead_once(capsys):
    this_month = timezone.localdate().replace(day=1)
    ahead = [month_add(this_month, n) for n in range(15)]

    call_command("partitions_ensure", "--months-ahead", "14")

    for partitioned in TABLES:
        assert set(ahead) <= set(partitions_months(partitioned)), partitioned.table
    call_command("partitions_ensure", "--months-ahead", "14")
    assert capsys.readouterr().out.splitlines()[-1] == "Partitions created: 0."


def test_a_ticket_of_a_month_without_partition_is_stored_then_moved_to_its_own(point_a, catalogue):
    result = weigh_ticket_batch_ingest(
        point=point_a, items=[ticket("OLD", weighed_at="2024-05-31T23:30:00+08:00")]
    )
    assert result.accepted == 1
    stored = WeighTicket.objects.get(ticket_number="OLD")
    assert _partition_of(stored.pk) == "monitoring_weighticket_default"

    partitions_ensure_task()

    assert _partition_of(stored.pk) == "monitoring_weighticket_p2024_05"
    assert WeighTicket.objects.get(pk=stored.pk).weighed_at == stored.weighed_at
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM monitoring_weighticket_default")
        assert cursor.fetchone()[0] == 0


def test_the_task_runs_daily():
    [entry] = [
        entry
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] == "monitoring.tasks.partitions_ensure_task"
    ]
    assert entry["schedule"].hour == {0} and entry["schedule"].day_of_month == set(range(1, 32))
