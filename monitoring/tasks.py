"""Celery tasks: thin, idempotent wrappers of services (acks_late: a task whose worker dies is
redelivered, and the service makes a second run harmless)."""

from celery import shared_task
from django.db import OperationalError


def _mark_failed(self, exc, task_id, args, kwargs, einfo) -> None:
    from monitoring.ledger.services import upload_batch_fail

    upload_batch_fail(batch_id=args[0], reason=f"Processing failed: {exc}")


@shared_task(
    bind=True,
    acks_late=True,
    autoretry_for=(OperationalError,),
    max_retries=5,
    retry_backoff=10,
    retry_jitter=True,
    on_failure=_mark_failed,
)
def ledger_upload_process_task(self, batch_id: int) -> None:
    from monitoring.ledger.services import ledger_upload_process

    ledger_upload_process(batch_id=batch_id)


@shared_task(
    acks_late=True,
    autoretry_for=(OperationalError,),
    max_retries=5,
    retry_backoff=5,
    retry_jitter=True,
)
def ticket_rollup_refresh_task(point_id: int, ticket_numbers: list[str]) -> None:
    """Roll up the days of tickets a device batch just stored."""
    from monitoring.models import MonitoringPoint
    from monitoring.rollups import ticket_days, ticket_rollup_refresh

    point = MonitoringPoint.objects.filter(pk=point_id).first()
    if point is None:
        return
    days = ticket_days(point_id=point_id, ticket_numbers=ticket_numbers)
    ticket_rollup_refresh(enterprise_id=point.enterprise_id, days=days)


@shared_task(
    acks_late=True,
    autoretry_for=(OperationalError,),
    max_retries=5,
    retry_backoff=30,
    retry_jitter=True,
    expires=23 * 3600,
)
def flags_score_task(enterprise_ids: list[int] | None = None) -> None:
    """Re-score flags: after an upload for its enterprises, and nightly for everyone."""
    from monitoring.detection.services import flags_score

    flags_score(enterprise_ids=enterprise_ids)


@shared_task(acks_late=True, expires=23 * 3600)
def ticket_rollups_refresh_task() -> None:
    """Nightly repair of roll-ups over the last 35 days (missed or failed refreshes)."""
    from datetime import timedelta

    from django.utils import timezone

    from monitoring.rollups import ticket_rollup_rebuild

    ticket_rollup_rebuild(since=timezone.localdate() - timedelta(days=35))


@shared_task(acks_late=True, expires=27 * 24 * 3600)
def detector_train_task() -> None:
    """Monthly retraining; a no-op when the training data did not change."""
    from datetime import date

    from monitoring.detection.model import detector_train
    from monitoring.detection.services import window_start

    detector_train(since=window_start(), until=date.today().replace(day=1))
