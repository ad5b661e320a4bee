"""Reads of flags, scoped: a user sees the flags of the enterprises they may read."""

from datetime import date

from django.db.models import Prefetch, QuerySet

from detection.models import Flag, FlagReview
from parks.selectors import enterprise_list
from wastewatch.roles import User


def flag_list(*, user: User) -> QuerySet[Flag]:
    return Flag.objects.filter(enterprise__in=enterprise_list(user=user)).select_related(
        "enterprise", "enterprise__park", "category", "reviewed_by"
    )


def enterprise_flag_list(*, user: User, enterprise_id: int) -> QuerySet[Flag]:
    """The flags of one enterprise the user may read, latest period first, with their review
    history (each decision, its reviewer) read in one go."""
    reviews = FlagReview.objects.select_related("reviewer").order_by("at", "pk")
    return (
        flag_list(user=user)
        .filter(enterprise_id=enterprise_id)
        .prefetch_related(Prefetch("reviews", queryset=reviews))
        .order_by("-period", "-severity", "category__code", "kind")
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
