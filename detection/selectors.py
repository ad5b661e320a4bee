"""Reads of flags, scoped: a user sees the flags of the enterprises they may read."""

from django.db.models import QuerySet

from detection.models import Flag
from parks.selectors import enterprise_list
from wastewatch.roles import User


def flag_list(*, user: User) -> QuerySet[Flag]:
    return Flag.objects.filter(enterprise__in=enterprise_list(user=user)).select_related(
        "enterprise", "enterprise__park", "category", "reviewed_by"
    )
