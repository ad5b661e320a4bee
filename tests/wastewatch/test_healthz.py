"""/healthz tells a load balancer whether the database, the broker and a Celery worker of
every queue answer: 200 when they do, 503 naming what failed, without authentication and
without detail."""

from datetime import timedelta

import pytest
from django.db import OperationalError, connection
from django.utils import timezone

from wastewatch.models import WorkerHeartbeat
from wastewatch.tasks import worker_heartbeat_task

BROKER = "redis://127.0.0.1:6379/10"
NOTHING_LISTENS = "redis://127.0.0.1:9/10"


@pytest.fixture
def production(settings):
    """The checks of a deployment with a broker, behind HTTPS redirects."""
    settings.CELERY_BROKER_URL = BROKER
    settings.SECURE_SSL_REDIRECT = True
    settings.HEALTH_WORKER_MAX_AGE_SECONDS = 180
    return settings


QUEUES = ("default", "rollups", "uploads", "detection", "reports")


def heartbeat(seconds_ago: float, queues: tuple[str, ...] = QUEUES) -> None:
    for queue in queues:
        WorkerHeartbeat.objects.update_or_create(
            name=queue, defaults={"seen_at": timezone.now() - timedelta(seconds=seconds_ago)}
        )


def test_it_answers_200_over_plain_http_to_any_host_without_logging_in(client, db, production):
    for queue in QUEUES:
        worker_heartbeat_task.apply(args=[queue])
    # A load balancer probes the backend by its address, over HTTP, with no session.
    response = client.get("/healthz", HTTP_HOST="10.20.30.40:8000")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"] == {"database": "ok", "broker": "ok", "worker": "ok"}
    assert body["queues"] == dict.fromkeys(QUEUES, "ok")
    assert body["failed"] == []
    assert 0 <= body["worker_last_seen_seconds_ago"] < 60
    assert response["Cache-Control"] == "no-store"
    assert client.get("/healthz/", HTTP_HOST="10.20.30.40").status_code == 200


def test_it_answers_503_naming_a_worker_that_stopped_answering(client, db, production):
    heartbeat(seconds_ago=600)
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["failed"] == ["worker"]
    assert body["checks"]["worker"] == "failed"
    assert body["worker_last_seen_seconds_ago"] >= 600


def test_it_answers_503_naming_a_queue_whose_worker_stopped_answering(client, db, production):
    heartbeat(seconds_ago=5)
    heartbeat(seconds_ago=600, queues=("uploads",))
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["failed"] == ["worker"]
    assert body["queues"] == {**dict.fromkeys(QUEUES, "ok"), "uploads": "failed"}
    assert body["worker_last_seen_seconds_ago"] >= 600


def test_it_answers_503_when_no_worker_ever_answered(client, db, production):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["failed"] == ["worker"]
    assert response.json()["worker_last_seen_seconds_ago"] is None


def test_it_answers_503_naming_the_broker_without_saying_where_it_is(client, db, production):
    heartbeat(seconds_ago=5)
    production.CELERY_BROKER_URL = NOTHING_LISTENS
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["failed"] == ["broker"]
    assert "127.0.0.1" not in response.content.decode()
    assert "redis" not in response.content.decode()


def test_it_answers_503_naming_the_database(client, db, production, monkeypatch):
    heartbeat(seconds_ago=5)

    def down(*args, **kwargs):
        raise OperationalError("connection to server failed: secret-host:5432")

    with monkeypatch.context() as patched:
        patched.setattr(connection, "cursor", down)
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["failed"] == ["database", "worker"]
    assert "secret-host" not in response.content.decode()


def test_it_is_healthy_without_a_broker_when_tasks_run_in_process(client, db, settings):
    settings.CELERY_BROKER_URL = ""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"] == {
        "database": "ok",
        "broker": "not configured",
        "worker": "not configured",
    }


def test_it_schedules_a_heartbeat_on_every_queue_within_the_allowed_age(settings):
    from wastewatch.celery import app

    entries = [
        e
        for e in settings.CELERY_BEAT_SCHEDULE.values()
        if e["task"] == "wastewatch.tasks.worker_heartbeat_task"
    ]
    assert sorted(e["options"]["queue"] for e in entries) == sorted(QUEUES)
    assert sorted(settings.WORKER_QUEUES) == sorted(QUEUES)
    for entry in entries:
        assert entry["args"] == [entry["options"]["queue"]]
        assert entry["task"] in app.tasks
        assert entry["schedule"] * 2 < settings.HEALTH_WORKER_MAX_AGE_SECONDS
        assert entry["options"]["expires"] <= entry["schedule"]


def test_only_get_and_head_are_answered(client, db, settings):
    settings.CELERY_BROKER_URL = ""
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code != 200


def test_a_worker_starting_counts_as_an_answer_for_the_queues_it_serves(db):
    from types import SimpleNamespace

    from celery import signals
    from kombu import Queue

    class Consumer:  # what a worker's worker_ready sends: its consumer of the queues it serves
        def __init__(self, *queues: str) -> None:
            self.task_consumer = SimpleNamespace(queues=[Queue(name) for name in queues])

    def started(*queues: str) -> None:
        signals.worker_ready.send(sender=Consumer(*queues))

    started("uploads", "detection")
    assert set(WorkerHeartbeat.objects.values_list("name", flat=True)) == {"uploads", "detection"}
    started("rollups", "default", "celery")
    assert set(WorkerHeartbeat.objects.values_list("name", flat=True)) == {
        "uploads",
        "detection",
        "rollups",
        "default",
    }
