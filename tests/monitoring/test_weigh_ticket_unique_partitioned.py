"""On the month-partitioned table a ticket still exists once: the database refuses the same
ticket at the same time in any partition, and the service the same number at another time."""

from datetime import date

import pytest
from django.db import IntegrityError, connection, transaction

from monitoring.models import WeighTicket
from monitoring.partitions import TABLES, partition_create
from tests.factories import weigh_ticket_payload as ticket

URL = "/api/v1/weigh-tickets/"
# One month with its own partition, one waiting in the DEFAULT partition.
TIMES = ["2026-11-20T08:15:00+08:00", "2021-07-01T00:05:00+08:00"]
PARTITIONS = ["monitoring_weighticket_p2026_11", "monitoring_weighticket_default"]
CASES = list(zip(TIMES, PARTITIONS, strict=True))


@pytest.fixture(autouse=True)
def november_partition(db):
    partition_create(TABLES[0], date(2026, 11, 1))


def _partitions() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT tableoid::regclass::text FROM monitoring_weighticket")
        return {row[0] for row in cursor.fetchall()}


@pytest.mark.parametrize(("weighed_at", "partition"), CASES, ids=PARTITIONS)
def test_a_retried_batch_creates_nothing(device_a, weighed_at, partition):
    batch = [ticket("T1", weighed_at=weighed_at), ticket("T2", weighed_at=weighed_at)]
    assert device_a.post(URL, batch, format="json").json()["accepted"] == 2
    again = device_a.post(URL, batch, format="json").json()
    assert (again["accepted"], again["duplicates"]) == (0, 2)
    assert WeighTicket.objects.count() == 2
    assert _partitions() == {partition}


@pytest.mark.parametrize(("weighed_at", "partition"), CASES, ids=PARTITIONS)
def test_the_database_refuses_the_same_ticket_twice(device_a, weighed_at, partition):
    device_a.post(URL, [ticket("T1", weighed_at=weighed_at)], format="json")
    stored = WeighTicket.objects.get()
    assert _partitions() == {partition}
    stored.pk = None
    with pytest.raises(IntegrityError), transaction.atomic():
        stored.save()


def test_the_same_number_in_another_month_is_refused(device_a):
    device_a.post(URL, [ticket("T1", weighed_at=TIMES[0])], format="json")
    body = device_a.post(URL, [ticket("T1", weighed_at=TIMES[1])], format="json").json()
    assert body["rejected"] == 1
    assert "Already stored with other values" in body["items"][0]["fields"]["ticket_number"][0]
    assert WeighTicket.objects.count() == 1
