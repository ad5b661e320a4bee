"""Celery tasks of reports: the month's reports on schedule, and one report on demand."""

from celery import shared_task
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


@shared_task(acks_late=True, **TASK_LIMITS)
@time_limited
def report_build_task(*, build_id: int) -> None:
    """Build one report or declaration asked for in the portal, its steps shown as they run."""
    from reports.services import report_build_run

    report_build_run(build_id=build_id)
