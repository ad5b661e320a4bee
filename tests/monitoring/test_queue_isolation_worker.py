"""On real workers, one per queue: a long scoring holding the detection worker does not hold
up an upload, which the uploads worker ingests meanwhile."""

import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from monitoring.models import UploadBatch
from tests.factories import EnterpriseFactory
from tests.monitoring.real_worker import broker_in_use, other_connection, start_worker, wait_for
from tests.monitoring.test_ledger_upload_api import BALANCED, CODE_A
from wastewatch.locks import lock_key

pytestmark = pytest.mark.slow

BROKER = os.environ.get("TEST_QUEUES_BROKER_URL", "redis://127.0.0.1:6379/11")
# The scoring waits this long for its lock before it gives up: longer than the test.
ENV = {"JOBS_LOCK_WAIT": "300"}
WAITING_FOR_A_LOCK = """
    SELECT count(*) FROM pg_locks
    WHERE locktype = 'advisory' AND NOT granted
      AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
"""


@pytest.fixture
def broker(transactional_db):
    yield from broker_in_use(BROKER)


def test_an_upload_is_ingested_while_a_long_scoring_holds_the_detection_worker(
    broker, api, operator_a, park_a, catalogue, tmp_path
):
    from detection.tasks import flags_score_task

    EnterpriseFactory(park=park_a, credit_code=CODE_A)
    logs = {queue: tmp_path / f"{queue}.log" for queue in ("detection", "uploads")}
    workers = [
        start_worker(log, broker=BROKER, env=ENV, queues=[queue], name=queue)
        for queue, log in logs.items()
    ]
    city_lock = lock_key("flags-score")
    try:
        with other_connection(autocommit=True) as other:

            def scoring_waits() -> bool:
                return other.execute(WAITING_FOR_A_LOCK).fetchone()[0] > 0

            # An upload's scoring holds its share of the city lock: the nightly scoring, a real
            # task of the detection queue, waits for it on the detection worker.
            other.execute("SELECT pg_advisory_lock_shared(%s)", [city_lock])
            scoring = flags_score_task.delay()
            assert wait_for(scoring_waits, timeout=60), logs["detection"].read_text()

            api.force_authenticate(operator_a)
            response = api.post(
                "/api/v1/ledger-uploads/",
                {"file": SimpleUploadedFile("ledger.csv", BALANCED)},
                format="multipart",
            )
            assert response.status_code == 202, response.json()
            batch = UploadBatch.objects.filter(pk=response.json()["id"])
            assert wait_for(lambda: batch.get().status == "ingested", timeout=60), logs[
                "uploads"
            ].read_text()
            assert scoring_waits(), "the scoring was meant to be still running"
            other.execute("SELECT pg_advisory_unlock_shared(%s)", [city_lock])

        # Let go, the scoring runs to its end on its own worker.
        assert wait_for(
            lambda: f"[{scoring.id}] succeeded" in logs["detection"].read_text(), timeout=60
        ), logs["detection"].read_text()
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(timeout=30)

    uploads, detection = logs["uploads"].read_text(), logs["detection"].read_text()
    assert "ledger_upload_process_task[" in uploads and "flags_score_task[" not in uploads
    assert "ledger_upload_process_task[" not in detection
