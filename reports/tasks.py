"""Celery tasks of reports: the month's reports on schedule, and one report on demand."""

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from wastewatch.jobs import NIGHTLY_LIMITS, TASK_LIMITS, run_alone, time_limited
from wastewatch.periods import month_add


@shared_task(acks_late=True, expires=27 * 24 * 3600, **NIGHTLY_LIMITS)
@time_limited
def reports_issue_month_task() -> None:
    """Issue last month's reports (the city's and every park's) and the declarations due
    once it closed (reports.declaration.declarations_due_after): run on REPORTS_ISSUE_DAY,
    after the filing deadline. Idempotent: a month whose figures did not change since its
    last issue makes no new version."""
    from reports.services import reports_issue_month

    period = month_add(timezone.localdate().replace(day=1), -1)
    run_alone("issue-reports", lambda: reports_issue_month(period=period))


@shared_task(
    acks_late=True,
    autoretry_for=(OperationalError,),  # another issue of the same report held its lock
    max_retries=3,
    retry_backoff=10,
    **TASK_LIMITS,
)
@time_limited
def report_issue_task(
    *,
    park_id: int | None,
    period: str,
    language: str,
    actor_id: int | None,
    enterprise_id: int | None = None,
    span: str = "month",
) -> int:
    """Issue one report or declaration on demand (the portal's button); returns its id."""
    from datetime import date

    from django.contrib.auth import get_user_model

    from parks.models import Enterprise, Park
    from reports.services import report_issue

    park = Park.objects.get(pk=park_id) if park_id else None
    enterprise = Enterprise.objects.get(pk=enterprise_id) if enterprise_id else None
    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    issued = report_issue(
        park=park,
        period=date.fromisoformat(period),
        language=language,
        actor=actor,
        enterprise=enterprise,
        span=span,
    )
    return issued.report.pk
