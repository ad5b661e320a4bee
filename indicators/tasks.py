"""Celery tasks of indicators: thin wrappers of its services (see wastewatch.jobs for the time
limits they share)."""

from celery import shared_task
from django.db import OperationalError

from wastewatch.jobs import NIGHTLY_LIMITS, time_limited


@shared_task(
    acks_late=True,
    autoretry_for=(OperationalError,),
    max_retries=3,
    retry_backoff=30,
    retry_jitter=True,
    # Figures warmed a day late are warmed for nobody: a later upload queues its own.
    expires=23 * 3600,
    # The city's figures, like the jobs over the whole city, take tens of seconds each.
    **NIGHTLY_LIMITS,
)
@time_limited
def figures_warm_task(enterprise_ids: list[int]) -> None:
    """Compute the landing page's and the Indicators page's figures into the cache after
    these enterprises' ledger figures changed; running it twice costs cache lookups."""
    from indicators.services import figures_warm

    figures_warm(enterprise_ids=enterprise_ids)
