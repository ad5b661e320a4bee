"""Reads of flags, scoped: a user sees the flags of the enterprises they may read."""

from datetime import date

from django.db.models import QuerySet

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
    flags = Flag.objects.filter(period=period)
    if enterprise_ids is not None:
        flags = flags.filter(enterprise_id__in=enterprise_ids)
    return flags.select_related("enterprise", "category", "reviewed_by").order_by(
        "enterprise__credit_code", "category__code", "waste_code", "kind"
    )
