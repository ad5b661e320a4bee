"""Celery tasks: thin, idempotent wrappers of services (acks_late: a task whose worker dies is
redelivered, and the service makes a second run harmless).

Every task has a soft and a hard time limit from settings (CELERY_TASK_* for upload work,
JOBS_NIGHTLY_* for the jobs over the whole city). The nightly and monthly jobs are singletons:
a run that finds another one still going does nothing (wastewatch.locks)."""

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded, TimeLimitExceeded
from django.conf import settings
from django.db import OperationalError

from wastewatch.jobs import NIGHTLY_LIMITS, TASK_LIMITS, run_alone, time_limited


def _mark_failed(self, exc, task_id, args, kwargs, einfo) -> None:
    from monitoring.ledger import messages
    from monitoring.ledger.services import upload_batch_fail

    if isinstance(exc, SoftTimeLimitExceeded | TimeLimitExceeded):
        reason = messages.TOO_SLOW(seconds=settings.CELERY_TASK_SOFT_TIME_LIMIT)
    else:
        reason = messages.PROCESSING_FAILED(error=str(exc))
    upload_batch_fail(batch_id=args[0], reason=reason)


@shared_task(
    bind=True,
    acks_late=True,
    autoretry_for=(OperationalError,),
    max_retries=5,
    retry_backoff=10,
    retry_jitter=True,
    on_failure=_mark_failed,
    **TASK_LIMITS,
)
@time_limited
def ledger_upload_process_task(self, batch_id: int) -> None:
    from monitoring.ledger.services import ledger_upload_process

    ledger_upload_process(batch_id=batch_id)


@shared_task(
    acks_late=True,
    autoretry_for=(OperationalError,),
    max_retries=5,
    retry_backoff=5,
    retry_jitter=True,
    **TASK_LIMITS,
)
@time_limited
def ticket_rollup_refresh_task(point_id: int, ticket_numbers: list[str]) -> None:
    """Roll up the days of tickets a device batch just stored."""
    from monitoring.models import MonitoringPoint
    from monitoring.rollups import ticket_days, ticket_rollup_refresh

    point = MonitoringPoint.objects.filter(pk=point_id).first()
    if point is None:
        return
    days = ticket_days(point_id=point_id, ticket_numbers=ticket_numbers)
    ticket_rollup_refresh(enterprise_id=point.enterprise_id, days=days)


@shared_task(acks_late=True, expires=23 * 3600, **NIGHTLY_LIMITS)
@time_limited
def ticket_rollups_refresh_task() -> None:
    """Nightly repair of roll-ups over the last 35 days (missed or failed refreshes)."""
    from datetime import timedelta

    from django.utils import timezone

    from monitoring.rollups import ticket_rollup_rebuild

    since = timezone.localdate() - timedelta(days=35)
    run_alone("refresh-ticket-rollups", lambda: ticket_rollup_rebuild(since=since))


@shared_task(acks_late=True, expires=23 * 3600, **NIGHTLY_LIMITS)
@time_limited
def partitions_ensure_task() -> None:
    """Daily: the months ahead's partitions, and rows of months without one moved out of the
    DEFAULT partitions (PostgreSQL; nothing to do on SpatiaLite)."""
    from django.db import connection

    from monitoring.partitions import partitions_ensure

    if connection.vendor == "postgresql":
        months = settings.PARTITIONS_MONTHS_AHEAD
        run_alone("ensure-partitions", lambda: partitions_ensure(months_ahead=months))
