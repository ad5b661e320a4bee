"""The upload path on a real Celery worker over a real Redis: a task redelivered after its
worker was killed mid-task leaves exactly one copy of the data."""

import functools
import os
import signal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from monitoring.ledger.synthetic import ledger_csv, ledger_rows
from monitoring.models import LedgerEntry, UploadBatch
from tests.factories import EnterpriseFactory
from tests.monitoring import real_worker
from tests.monitoring.real_worker import broker_in_use

pytestmark = pytest.mark.slow

BROKER = os.environ.get("TEST_CELERY_BROKER_URL", "redis://127.0.0.1:6379/15")
TRANSPORT = {"visibility_timeout": 3, "unacked_restore_interval": 1, "unacked_restore_throttle": 1}


@pytest.fixture
def broker(transactional_db):
    yield from broker_in_use(BROKER, TRANSPORT)


def start_worker(log: Path):
    env = {"CELERY_VISIBILITY_TIMEOUT": "3", "CELERY_UNACKED_RESTORE_INTERVAL": "1"}
    return real_worker.start_worker(log, broker=BROKER, env=env)


wait_for = functools.partial(real_worker.wait_for, step=0.02)


@pytest.fixture
def big_file(transactional_db, park_a, operator_a, catalogue):
    codes = [EnterpriseFactory(park=park_a).credit_code for _ in range(20)]
    categories = [f"SW{n:02d}" for n in (1, 2, 3, 4, 5, 6, 7, 9, 10, 11)]
    rows = list(
        ledger_rows(
            enterprises=codes,
            categories=categories,
            months=24,
            until=timezone.localdate().replace(day=1),
        )
    )
    return ledger_csv(iter(rows)), len(rows)


def status_of(batch_id: int) -> str:
    return UploadBatch.objects.filter(pk=batch_id).values_list("status", flat=True).first()


def test_a_worker_killed_mid_task_leaves_exactly_one_copy(
    broker, big_file, api, operator_a, tmp_path
):
    content, row_count = big_file
    first = start_worker(tmp_path / "worker-1.log")
    api.force_authenticate(operator_a)
    try:
        response = api.post(
            "/api/v1/ledger-uploads/",
            {"file": SimpleUploadedFile("big.csv", content)},
            format="multipart",
        )
        assert response.status_code == 202, response.json()
        batch_id = response.json()["id"]
        assert wait_for(lambda: status_of(batch_id) != "received", timeout=60), (
            tmp_path / "worker-1.log"
        ).read_text()
        killed_mid_task = status_of(batch_id) == "validating"
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
    finally:
        if first.poll() is None:
            first.kill()

    second = start_worker(tmp_path / "worker-2.log")
    try:
        assert wait_for(
            lambda: status_of(batch_id) in ("ingested", "rejected", "failed"), timeout=90, step=0.5
        ), (tmp_path / "worker-2.log").read_text()
    finally:
        second.send_signal(signal.SIGTERM)
        second.wait(timeout=30)

    batch = UploadBatch.objects.get(pk=batch_id)
    assert batch.status == "ingested", (batch.message, batch.errors[:3])
    assert LedgerEntry.objects.filter(batch=batch).count() == row_count
    assert LedgerEntry.objects.count() == row_count
    # The first worker was killed holding the task (it takes over a second on this file); the
    # broker delivered the same message again to the second worker, which did the work once.
    assert killed_mid_task
    first_log = (tmp_path / "worker-1.log").read_text()
    second_log = (tmp_path / "worker-2.log").read_text()
    task_id = first_log.split("ledger_upload_process_task[", 1)[1].split("]", 1)[0]
    assert "succeeded" not in first_log
    assert f"[{task_id}] succeeded" in second_log


def test_the_task_run_twice_ingests_once(db, park_a, operator_a, catalogue):
    from monitoring.ledger.services import ledger_upload_process, upload_batch_create
    from monitoring.tasks import ledger_upload_process_task

    code = EnterpriseFactory(park=park_a).credit_code
    content = ledger_csv(
        ledger_rows(
            enterprises=[code],
            categories=["SW01"],
            months=3,
            until=timezone.localdate().replace(day=1),
        )
    )
    batch, _ = upload_batch_create(actor=operator_a, name="small.csv", data=content)
    ledger_upload_process_task.apply(args=[batch.pk])
    ledger_upload_process(batch_id=batch.pk)
    assert LedgerEntry.objects.count() == 15
    assert ledger_upload_process_task.acks_late is True
