"""On a real worker: an upload whose processing outlasts its soft time limit is stopped, marked
failed with a message saying so, and the worker goes on with the next task."""

import os
import time
from pathlib import Path

import pytest
from django.utils import translation

from monitoring.ledger.messages import batch_message
from monitoring.ledger.services import upload_batch_create
from monitoring.models import UploadBatch
from tests.monitoring.real_worker import broker_in_use, other_connection, start_worker, wait_for
from tests.monitoring.test_ledger_upload_api import BALANCED, CODE_A
from wastewatch.celery import app

pytestmark = pytest.mark.slow

BROKER = os.environ.get("TEST_JOBS_BROKER_URL", "redis://127.0.0.1:6379/14")


@pytest.fixture
def broker(transactional_db):
    yield from broker_in_use(BROKER)


def _worker(log: Path):
    limits = {"CELERY_TASK_SOFT_TIME_LIMIT": "2", "CELERY_TASK_TIME_LIMIT": "20"}
    return start_worker(log, broker=BROKER, env=limits, pool="prefork")


def test_it_stops_an_upload_at_its_soft_time_limit_and_says_so(
    broker, operator_a, park_a, catalogue, tmp_path
):
    from tests.factories import EnterpriseFactory

    EnterpriseFactory(park=park_a, credit_code=CODE_A)
    app.conf.update(task_always_eager=True)  # create the batch without queueing it
    batch, _created = upload_batch_create(actor=operator_a, name="ledger.csv", data=b"x")
    app.conf.update(task_always_eager=False)
    UploadBatch.objects.filter(pk=batch.pk).update(status="received")
    log = tmp_path / "worker.log"
    worker = _worker(log)
    try:
        with other_connection() as other:
            # Another transaction holds the batch's row: the task waits, past its soft limit.
            other.execute(
                "SELECT 1 FROM monitoring_uploadbatch WHERE id = %s FOR UPDATE", [batch.pk]
            )
            from monitoring.tasks import ledger_upload_process_task

            # The limits travel in the message, from the settings of the process that queues it.
            ledger_upload_process_task.apply_async(
                args=[batch.pk], soft_time_limit=2, time_limit=20
            )
            assert wait_for(lambda: "exceeded" in log.read_text(), timeout=60), log.read_text()
            other.rollback()
        assert wait_for(
            lambda: UploadBatch.objects.get(pk=batch.pk).status == "failed", timeout=30
        ), log.read_text()
        with translation.override("en"):
            shown = batch_message(UploadBatch.objects.get(pk=batch.pk))
        assert "longer than the 2 s allowed" in shown

        # The worker goes on: the next upload is processed normally.
        app.conf.update(task_always_eager=True)
        second, _created = upload_batch_create(actor=operator_a, name="ok.csv", data=BALANCED)
        app.conf.update(task_always_eager=False)
        UploadBatch.objects.filter(pk=second.pk).update(status="received")
        ledger_upload_process_task.delay(second.pk)
        assert wait_for(
            lambda: UploadBatch.objects.get(pk=second.pk).status == "ingested", timeout=60
        ), (UploadBatch.objects.get(pk=second.pk).message, log.read_text())
    finally:
        worker.terminate()
        worker.wait(timeout=30)


def test_it_stops_the_nightly_scoring_at_its_soft_limit_and_frees_its_lock(
    broker, catalogue, tmp_path
):
    from detection.tasks import flags_score_task
    from wastewatch.locks import lock_key

    log = tmp_path / "worker.log"
    worker = _worker(log)
    try:
        with other_connection(autocommit=True) as other:
            # An upload's scoring holds its share of the city lock: the nightly one waits.
            other.execute("SELECT pg_advisory_lock_shared(%s)", [lock_key("flags-score")])
            flags_score_task.apply_async(soft_time_limit=2, time_limit=20)
            assert wait_for(lambda: "SoftTimeLimitExceeded" in log.read_text(), timeout=60), (
                log.read_text()
            )
            other.execute("SELECT pg_advisory_unlock_shared(%s)", [lock_key("flags-score")])
            # The stopped run holds nothing: another run of the job may start at once.
            job = lock_key("job:score-flags")
            assert wait_for(
                lambda: other.execute("SELECT pg_try_advisory_lock(%s)", [job]).fetchone()[0],
                timeout=10,
            )
            other.execute("SELECT pg_advisory_unlock(%s)", [job])
        time.sleep(1)
        text = log.read_text()
        assert "Retry in" not in text and "OperationalError" not in text, text
    finally:
        worker.terminate()
        worker.wait(timeout=30)


def test_it_stops_the_roll_up_repair_at_its_soft_limit_and_frees_its_lock(broker, tmp_path):
    from monitoring.tasks import ticket_rollups_refresh_task
    from wastewatch.locks import lock_key

    log = tmp_path / "worker.log"
    worker = _worker(log)
    try:
        with other_connection() as other:
            # A migration holds the tickets table: the repair's first read waits (no transaction).
            other.execute("LOCK TABLE monitoring_weighticket IN ACCESS EXCLUSIVE MODE")
            ticket_rollups_refresh_task.apply_async(soft_time_limit=2, time_limit=20)
            assert wait_for(lambda: "SoftTimeLimitExceeded" in log.read_text(), timeout=60), (
                log.read_text()
            )
            other.rollback()
            other.autocommit = True
            job = lock_key("job:refresh-ticket-rollups")
            assert wait_for(
                lambda: other.execute("SELECT pg_try_advisory_lock(%s)", [job]).fetchone()[0],
                timeout=10,
            )
            other.execute("SELECT pg_advisory_unlock(%s)", [job])
        time.sleep(1)
        text = log.read_text()
        assert "OperationalError" not in text, text  # stopped by its limit, reported as such
    finally:
        worker.terminate()
        worker.wait(timeout=30)
