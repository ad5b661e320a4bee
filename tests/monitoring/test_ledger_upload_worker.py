"""The upload path on a real Celery worker over a real Redis: a task redelivered after its
worker was killed mid-task leaves exactly one copy of the data."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone

from monitoring.ledger.synthetic import ledger_csv, ledger_rows
from monitoring.models import LedgerEntry, UploadBatch
from tests.factories import EnterpriseFactory
from wastewatch.celery import app

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
BROKER = os.environ.get("TEST_CELERY_BROKER_URL", "redis://127.0.0.1:6379/15")
TRANSPORT = {"visibility_timeout": 3, "unacked_restore_interval": 1, "unacked_restore_throttle": 1}


@pytest.fixture
def broker(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("the worker, another process, needs the PostgreSQL test database")
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url(BROKER)
    client.flushdb()
    _drop_connections()  # a pool made earlier in this process would still point elsewhere
    app.conf.update(task_always_eager=False, broker_url=BROKER, broker_transport_options=TRANSPORT)
    yield client
    _drop_connections()
    app.conf.update(task_always_eager=True, broker_url=None)
    client.flushdb()


def _drop_connections() -> None:
    if app._pool is not None:
        app._pool.force_close_all()
    app._after_fork()  # Celery's own reset of its connection and producer pools


def start_worker(log: Path) -> subprocess.Popen:
    database = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": f"postgis://{database['USER']}:{database['PASSWORD']}@"
        f"{database['HOST']}:{database['PORT']}/{database['NAME']}",
        "CELERY_BROKER_URL": BROKER,
        "CELERY_VISIBILITY_TIMEOUT": "3",
        "CELERY_UNACKED_RESTORE_INTERVAL": "1",
    }
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "wastewatch",
            "worker",
            "--pool",
            "solo",
            "--loglevel",
            "info",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )


def wait_for(predicate, timeout: float, step: float = 0.02) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return False


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
