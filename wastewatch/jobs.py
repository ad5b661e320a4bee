"""What every Celery task of the platform shares: its time limits from settings, a clean
connection after a soft time limit, and singletons for the nightly jobs (wastewatch.locks)."""

import functools
import logging
from collections.abc import Callable

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import connections

from wastewatch.locks import JobAlreadyRunning, job_singleton

logger = logging.getLogger(__name__)

TASK_LIMITS = {
    "soft_time_limit": settings.CELERY_TASK_SOFT_TIME_LIMIT,
    "time_limit": settings.CELERY_TASK_TIME_LIMIT,
}
NIGHTLY_LIMITS = {
    "soft_time_limit": settings.JOBS_NIGHTLY_SOFT_TIME_LIMIT,
    "time_limit": settings.JOBS_NIGHTLY_TIME_LIMIT,
}


def time_limited(body: Callable) -> Callable:
    """At the soft time limit the query it interrupted may still be running on the connection
    ("another command is already in progress"): drop the connection, so that what follows (the
    failure handler, the worker's next task) gets a fresh one."""

    @functools.wraps(body)
    def run(*args, **kwargs):
        try:
            return body(*args, **kwargs)
        except SoftTimeLimitExceeded:
            connections.close_all()
            raise

    return run


def run_alone(name: str, job: Callable[[], object]) -> None:
    """Run the job unless another run of it holds its lock: then log that, and succeed."""
    try:
        with job_singleton(name):
            job()
    except JobAlreadyRunning as running:
        logger.warning("%s", running)
