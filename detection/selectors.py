"""Reads of flags, scoped: a user sees the flags of the enterprises they may read."""

from datetime import date

from django.db.models import Count, QuerySet

from detection.models import Flag
from parks.selectors import enterprise_list
from wastewatch.roles import User


def flag_list(*, user: User) -> QuerySet[Flag]:
    return Flag.objects.filter(enterprise__in=enterprise_list(user=user)).select_related(
        "enterprise", "enterprise__park", "category", "reviewed_by"
    )


def flag_month_list(*, period: date, enterprise_ids: list[int] | None = None) -> QuerySet[Flag]:
    """The flags of one month, of `enterprise_ids` (every enterprise for None), with their
    reviews: what a monthly report accounts for (its scope is the report's, not a reader's)."""
    return flag_period_list(period_from=period, period_to=period, enterprise_ids=enterprise_ids)


def flag_period_list(
    *, period_from: date, period_to: date, enterprise_ids: list[int] | None = None
) -> QuerySet[Flag]:
    """As flag_month_list, over the months from `period_from` to `period_to` (both included),
    month by month: a bulk download iterates it with .iterator(), so any span stays small."""
    flags = Flag.objects.filter(period__gte=period_from, period__lte=period_to)
    if enterprise_ids is not None:
        flags = flags.filter(enterprise_id__in=enterprise_ids)
    return flags.select_related("enterprise", "category", "reviewed_by").order_by(
        "period", "enterprise__credit_code", "category__code", "waste_code", "kind"
    )


def flag_open_counts(*, user: User, enterprise_ids: list[int] | None = None) -> list[dict]:
    """How many open flags the user may read, by severity and kind (of `enterprise_ids`
    only, if given): [{severity, kind, count}], in one query."""
    flags = Flag.objects.filter(enterprise__in=enterprise_list(user=user), status=Flag.Status.OPEN)
    if enterprise_ids is not None:
        flags = flags.filter(enterprise_id__in=enterprise_ids)
    return list(
        flags.values("severity", "kind").annotate(count=Count("pk")).order_by("severity", "kind")
    )
