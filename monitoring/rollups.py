"""Weigh tickets rolled up per enterprise, waste category, direction and local day: what the
cross-checks compare with the ledgers (measured vs reported, generator vs receiver).

Days are local days in settings.TIME_ZONE, whatever time zone a request may have activated.
Each refresh recomputes the affected days from the tickets themselves, so running it twice,
or after a retry stored more tickets, always gives the same rows.
"""

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import TruncDate, TruncMonth
from django.utils import timezone

from monitoring.models import TicketRollup, WeighTicket
from parks.selectors import enterprise_list
from parks.services import enterprise_lock
from wastewatch.roles import User


def _local_day() -> TruncDate:
    return TruncDate("weighed_at", tzinfo=timezone.get_default_timezone())


def local_day_start(day: date) -> datetime:
    """Midnight of a local day (settings.TIME_ZONE), to compare stored times with."""
    return datetime.combine(day, time.min, timezone.get_default_timezone())


@transaction.atomic
def ticket_rollup_refresh(*, enterprise_id: int, days: list[date]) -> int:
    """Recompute one enterprise's roll-ups for the given local days; returns the row count."""
    if not days:
        return 0
    enterprise_lock(enterprise_id=enterprise_id)
    # The times bound the days too, so that only their months' partitions (and the range of
    # the point-and-time index) are read: the local day alone is an expression of the time.
    sums = (
        WeighTicket.objects.filter(
            point__enterprise_id=enterprise_id,
            weighed_at__gte=local_day_start(min(days)),
            weighed_at__lt=local_day_start(max(days) + timedelta(days=1)),
        )
        .annotate(day=_local_day())
        .filter(day__in=days)
        .values("category_id", "direction", "day")
        .annotate(tickets=Count("id"), net_t=Sum("net_t"))
    )
    rows = [TicketRollup(enterprise_id=enterprise_id, **row) for row in sums]
    # Upsert: tickets are never deleted, so a day's row only ever grows; the lock above makes
    # concurrent refreshes of one enterprise (two weighbridges) take turns.
    TicketRollup.objects.bulk_create(
        rows,
        update_conflicts=True,
        update_fields=["tickets", "net_t"],
        unique_fields=["enterprise", "category", "direction", "day"],
    )
    return len(rows)


def ticket_days(*, point_id: int, ticket_numbers: list[str]) -> list[date]:
    """The local days of some tickets of a point (those a batch just stored)."""
    return sorted(
        WeighTicket.objects.filter(point_id=point_id, ticket_number__in=ticket_numbers)
        .annotate(day=_local_day())
        .values_list("day", flat=True)
        .distinct()
    )


def ticket_rollup_rebuild(*, since: date) -> int:
    """Recompute every enterprise's roll-ups from `since` on (operators' repair tool)."""
    pairs = (
        WeighTicket.objects.filter(weighed_at__gte=local_day_start(since))
        .annotate(day=_local_day())
        .values_list("point__enterprise_id", "day")
        .distinct()
    )
    days_by_enterprise: dict[int, list[date]] = {}
    for enterprise_id, day in pairs:
        days_by_enterprise.setdefault(enterprise_id, []).append(day)
    return sum(
        ticket_rollup_refresh(enterprise_id=enterprise_id, days=days)
        for enterprise_id, days in days_by_enterprise.items()
    )


def ticket_rollup_list(*, user: User, monthly: bool = False) -> QuerySet:
    """Roll-ups of the enterprises the user may read; monthly sums the days by month."""
    rollups = TicketRollup.objects.filter(enterprise__in=enterprise_list(user=user))
    if not monthly:
        return rollups.select_related("enterprise", "category")
    return (
        rollups.annotate(period=TruncMonth("day"))
        .values("enterprise__credit_code", "category__code", "direction", "period")
        .annotate(tickets=Sum("tickets"), net_t=Sum("net_t"))
        .order_by("enterprise__credit_code", "period", "category__code", "direction")
    )
