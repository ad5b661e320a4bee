"""Celery tasks of detection: thin, idempotent wrappers of its services (see wastewatch.jobs
for the time limits and singletons they share)."""

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from wastewatch.jobs import NIGHTLY_LIMITS, run_alone, time_limited


@shared_task(
    acks_late=True,
    # OperationalError includes waiting longer than JOBS_LOCK_WAIT for another scoring of the
    # same enterprises: the task tries again later instead of failing.
    autoretry_for=(OperationalError,),
    max_retries=5,
    retry_backoff=30,
    retry_jitter=True,
    expires=23 * 3600,
    **NIGHTLY_LIMITS,
)
@time_limited
def flags_score_task(enterprise_ids: list[int] | None = None) -> None:
    """Re-score flags: after an upload for its enterprises (scorings of the same enterprises
    take turns), and nightly for everyone (a singleton)."""
    from detection.services import flags_score

    if enterprise_ids is not None:
        flags_score(enterprise_ids=enterprise_ids)
        return
    run_alone("score-flags", flags_score)


@shared_task(acks_late=True, expires=27 * 24 * 3600, **NIGHTLY_LIMITS)
@time_limited
def detector_train_task() -> None:
    """Monthly retraining; a no-op when the training data did not change."""
    from detection.model import detector_train
    from detection.services import window_start

    until = timezone.localdate().replace(day=1)
    run_alone("train-detector", lambda: detector_train(since=window_start(), until=until))
