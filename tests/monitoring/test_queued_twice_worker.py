"""On real workers, two serving the same queues: a task queued twice, each copy taken by
another worker at the same time, does its work once (an upload ingested once, a day of
tickets rolled up once)."""

import os
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from monitoring.ledger.synthetic import ledger_csv, ledger_rows
from monitoring.models import LedgerEntry, TicketRollup, UploadBatch
from tests.factories import EnterpriseFactory, weigh_ticket_payload
from tests.monitoring.real_worker import broker_in_use, start_worker, wait_for

pytestmark = pytest.mark.slow

BROKER = os.environ.get("TEST_QUEUES_TWICE_BROKER_URL", "redis://127.0.0.1:6379/12")


@pytest.fixture
def broker(transactional_db):
    yield from broker_in_use(BROKER)


@pytest.fixture
def two_workers(broker, tmp_path) -> list[Path]:
    """Two workers on the uploads and roll-ups queues, ready; yields their logs."""
    logs = [tmp_path / "worker-a.log", tmp_path / "worker-b.log"]
    workers = [
        start_worker(log, broker=BROKER, env={}, queues=["uploads", "rollups"], name=name)
        for log, name in zip(logs, ("a", "b"), strict=True)
    ]
    try:
        assert wait_for(lambda: all("ready." in log.read_text() for log in logs), timeout=60)
        yield logs
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(timeout=30)


def runs(logs: list[Path], task: str) -> list[int]:
    """How many runs of `task` each worker finished."""
    done = re.compile(rf"{task}\[[^\]]+\] succeeded")
    return [len(done.findall(log.read_text())) for log in logs]


def test_an_upload_queued_twice_is_ingested_once(two_workers, api, operator_a, park_a, catalogue):
    from monitoring.tasks import ledger_upload_process_task

    codes = [EnterpriseFactory(park=park_a).credit_code for _ in range(5)]
    rows = list(
        ledger_rows(
            enterprises=codes,
            categories=["SW01", "SW02", "SW03", "SW04"],
            months=12,
            until=timezone.localdate().replace(day=1),
        )
    )
    api.force_authenticate(operator_a)
    response = api.post(
        "/api/v1/ledger-uploads/",
        {"file": SimpleUploadedFile("ledger.csv", ledger_csv(iter(rows)))},
        format="multipart",
    )
    assert response.status_code == 202, response.json()
    batch_id = response.json()["id"]
    ledger_upload_process_task.delay(batch_id)  # queued again, as a retry would

    task = "ledger_upload_process_task"
    assert wait_for(lambda: sum(runs(two_workers, task)) == 2, timeout=90), [
        log.read_text() for log in two_workers
    ]
    assert runs(two_workers, task) == [1, 1]  # each worker took one copy
    batch = UploadBatch.objects.get(pk=batch_id)
    assert batch.status == "ingested", (batch.message, batch.errors[:3])
    assert LedgerEntry.objects.count() == len(rows)


def test_a_roll_up_queued_twice_counts_each_ticket_once(two_workers, point_a, catalogue):
    from monitoring.services import weigh_ticket_batch_ingest
    from monitoring.tasks import ticket_rollup_refresh_task

    numbers = [f"T{n}" for n in range(20)]
    # Stored with its roll-up queued after the commit, then that roll-up queued once more.
    weigh_ticket_batch_ingest(
        point=point_a, items=[weigh_ticket_payload(number) for number in numbers]
    )
    ticket_rollup_refresh_task.delay(point_a.pk, numbers)

    task = "ticket_rollup_refresh_task"
    assert wait_for(lambda: sum(runs(two_workers, task)) == 2, timeout=60), [
        log.read_text() for log in two_workers
    ]
    assert runs(two_workers, task) == [1, 1]
    rollup = TicketRollup.objects.get(enterprise=point_a.enterprise)
    assert (rollup.tickets, str(rollup.net_t)) == (20, "643.000")  # 20 × 32.15 t
