"""`/healthz` for the load balancer: the database, the broker, and how long ago each queue's
Celery worker last answered. JSON, 200 when healthy, 503 naming what failed; no authentication
and no detail beyond ok/failed (no host names, no errors).

It is answered by a middleware placed before SecurityMiddleware and CommonMiddleware, so that
a probe over plain HTTP is not redirected to HTTPS and a probe by IP address (a Host header not
in ALLOWED_HOSTS) is not refused.
"""

import logging
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone

logger = logging.getLogger(__name__)

HEALTH_PATHS = {"/healthz", "/healthz/"}
OK, FAILED, NOT_CONFIGURED = "ok", "failed", "not configured"


def worker_heartbeat_record(queue: str) -> None:
    """Note that a worker of `queue` answered now (the heartbeat task on that queue, and a
    worker that just started serving it)."""
    from wastewatch.models import WorkerHeartbeat

    WorkerHeartbeat.objects.update_or_create(name=queue, defaults={"seen_at": timezone.now()})


def _database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        logger.exception("healthz: the database does not answer")
        return FAILED
    return OK


def _broker() -> str:
    if not settings.CELERY_BROKER_URL:
        return NOT_CONFIGURED
    from wastewatch.celery import app

    try:
        with app.connection_for_write(url=settings.CELERY_BROKER_URL) as conn:
            conn.ensure_connection(max_retries=1, timeout=settings.HEALTH_BROKER_TIMEOUT_SECONDS)
    except Exception:
        logger.exception("healthz: the broker does not answer")
        return FAILED
    return OK


def _queues(database: str) -> tuple[dict[str, str], int | None]:
    """Each queue's state (its worker answered within HEALTH_WORKER_MAX_AGE_SECONDS) and the
    seconds since the longest silent one answered (None: one never did, or unknown)."""
    if not settings.CELERY_BROKER_URL or database != OK:
        return {}, None
    from wastewatch.models import WorkerHeartbeat

    seen = dict(
        WorkerHeartbeat.objects.filter(name__in=settings.WORKER_QUEUES).values_list(
            "name", "seen_at"
        )
    )
    now = timezone.now()
    limit = timedelta(seconds=settings.HEALTH_WORKER_MAX_AGE_SECONDS)
    states = {
        queue: OK if queue in seen and now - seen[queue] <= limit else FAILED
        for queue in settings.WORKER_QUEUES
    }
    if len(seen) < len(settings.WORKER_QUEUES):
        return states, None
    return states, max(0, int((now - min(seen.values())).total_seconds()))


def health_report() -> tuple[dict, bool]:
    database = _database()
    broker = _broker()
    queues, age = _queues(database)
    if not settings.CELERY_BROKER_URL:
        worker = NOT_CONFIGURED
    else:
        worker = OK if queues and FAILED not in queues.values() else FAILED
    checks = {"database": database, "broker": broker, "worker": worker}
    healthy = FAILED not in checks.values()
    report = {
        "status": OK if healthy else FAILED,
        "checks": checks,
        "failed": [name for name, state in checks.items() if state == FAILED],
        "queues": queues,
        "worker_last_seen_seconds_ago": age,
    }
    return report, healthy


def healthz(request: HttpRequest) -> HttpResponse:
    report, healthy = health_report()
    response = JsonResponse(report, status=200 if healthy else 503)
    response["Cache-Control"] = "no-store"
    return response


class HealthCheckMiddleware:
    """Answers /healthz (GET or HEAD) before the host and HTTPS checks of later middleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path in HEALTH_PATHS and request.method in ("GET", "HEAD"):
            return healthz(request)
        return self.get_response(request)
