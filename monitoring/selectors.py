"""Reads of the monitoring app."""

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from decimal import Decimal

import pandas as pd
from django.db.models import Count, Exists, F, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce, TruncDate, TruncMonth
from django.utils import timezone

from monitoring.models import MonitoringPoint, TicketRollup, WasteCategory, WeighTicket
from monitoring.rollups import local_day_start
from parks.selectors import enterprise_list
from wastewatch.periods import month_add
from wastewatch.roles import User


def waste_category_list() -> QuerySet[WasteCategory]:
    """The catalogue is public reference data: every signed-in user reads all of it."""
    return WasteCategory.objects.all()


def monitoring_point_list(*, user: User) -> QuerySet[MonitoringPoint]:
    """Points of the enterprises the user may read."""
    return MonitoringPoint.objects.filter(enterprise__in=enterprise_list(user=user)).select_related(
        "enterprise"
    )


def monitoring_point_activity_list(
    *, user: User, since: datetime | None = None
) -> QuerySet[MonitoringPoint]:
    """Points the user may read with their activity: `last_ticket` (the time of the latest
    weighing, or None) and, given `since`, `recent_tickets` (weighings since then), each read
    through the (point, weighed_at) index rather than by grouping every ticket."""
    tickets = WeighTicket.objects.filter(point=OuterRef("pk"))
    points = monitoring_point_list(user=user).annotate(
        last_ticket=Subquery(tickets.order_by("-weighed_at").values("weighed_at")[:1])
    )
    if since is None:
        return points
    recent = (
        tickets.filter(weighed_at__gte=since)
        .order_by()
        .values("point")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return points.annotate(recent_tickets=Coalesce(Subquery(recent), 0))


def weigh_ticket_list(*, user: User) -> QuerySet[WeighTicket]:
    """Tickets of the points the user may read, newest first."""
    return WeighTicket.objects.filter(
        point__enterprise__in=enterprise_list(user=user)
    ).select_related("point", "category")


def weighed_by_counterparty(
    *, period: date, enterprise_ids: list[int] | None = None
) -> pd.DataFrame:
    """Outbound weighings of the month (local days) per enterprise, category and the
    counterparty the ticket names ("" when none): enterprise_id, category_id, counterparty,
    net_t, tickets."""
    tickets = WeighTicket.objects.filter(
        direction=WeighTicket.Direction.OUT,
        weighed_at__gte=local_day_start(period),
        weighed_at__lt=local_day_start(month_add(period, 1)),
    )
    if enterprise_ids is not None:
        tickets = tickets.filter(point__enterprise_id__in=enterprise_ids)
    rows = (
        tickets.values("category_id", "counterparty", enterprise_id=F("point__enterprise_id"))
        .annotate(net_t=Sum("net_t"), tickets=Count("pk"))
        .order_by()
    )
    columns = ["enterprise_id", "category_id", "counterparty", "net_t", "tickets"]
    frame = pd.DataFrame.from_records(rows, columns=columns)
    frame["net_t"] = frame["net_t"].astype(float)
    return frame


def monitoring_points_silent(
    *, period: date, enterprise_ids: list[int] | None = None
) -> list[MonitoringPoint]:
    """Weighbridges that recorded no ticket at all in the month (local days)."""
    points = points_silent(MonitoringPoint.objects.all(), period=period)
    if enterprise_ids is not None:
        points = points.filter(enterprise_id__in=enterprise_ids)
    return list(points.select_related("enterprise").order_by("enterprise__credit_code", "code"))


def points_silent(points: QuerySet[MonitoringPoint], *, period: date) -> QuerySet[MonitoringPoint]:
    """Of `points`, the weighbridges that recorded no ticket at all in the month (local days):
    the dashboard's silent weighbridges, and the device list's filter that shows them."""
    # NOT EXISTS, an anti-join on each point's index; NOT IN (the month's tickets) would be
    # re-read in full for each point once they outgrow work_mem (52 s for 1 M tickets).
    weighed = WeighTicket.objects.filter(
        point=OuterRef("pk"),
        weighed_at__gte=local_day_start(period),
        weighed_at__lt=local_day_start(month_add(period, 1)),
    )
    return points.filter(kind=MonitoringPoint.Kind.WEIGHBRIDGE).exclude(Exists(weighed))


def weigh_ticket_daily_rows(
    *,
    period_from: date,
    period_to: date,
    enterprise_ids: list[int] | None = None,
    chunk_size: int = 2000,
) -> Iterator[tuple]:
    """Weigh tickets of the months from `period_from` to `period_to` (local days) summed per
    monitoring point, local day, waste category and direction, in WEIGH_DAY_FIELDS' order:
    the roll-up of monitoring.rollups, kept per point. Read through a server-side cursor for
    bulk downloads; nothing is read until the first row is asked for."""
    tickets = WeighTicket.objects.filter(
        weighed_at__gte=local_day_start(period_from),
        weighed_at__lt=local_day_start(month_add(period_to, 1)),
    )
    if enterprise_ids is not None:
        tickets = tickets.filter(point__enterprise_id__in=enterprise_ids)
    return (
        tickets.annotate(day=TruncDate("weighed_at", tzinfo=timezone.get_default_timezone()))
        .values(
            "point__code", "point__enterprise__credit_code", "day", "category__code", "direction"
        )
        .annotate(net=Sum("net_t"), tickets=Count("pk"))
        .order_by(
            "point__enterprise__credit_code", "point__code", "day", "category__code", "direction"
        )
        .values_list(*WEIGH_DAY_FIELDS)
        .iterator(chunk_size=chunk_size)
    )


WEIGH_DAY_FIELDS = (
    "point__code",
    "point__enterprise__credit_code",
    "day",
    "category__code",
    "direction",
    "net",
    "tickets",
)


def weighed_out_by_month(
    *, enterprise_id: int, period_from: date, period_to: date, category_id: int | None = None
) -> dict[date, tuple[Decimal, int]]:
    """(net tonnes, tickets) weighed going out of the enterprise's weighbridges, by month (local
    days), from the weigh-ticket roll-ups: the measured side of "measured vs reported"; of one
    waste category, or of all. A month without any weighing is absent."""
    rollups = TicketRollup.objects.filter(
        enterprise_id=enterprise_id,
        direction=WeighTicket.Direction.OUT,
        day__gte=period_from,
        day__lt=month_add(period_to, 1),
    )
    if category_id is not None:
        rollups = rollups.filter(category_id=category_id)
    rows = (
        rollups.annotate(period=TruncMonth("day"))
        .values("period")
        .annotate(net=Sum("net_t"), count=Sum("tickets"))
        .values_list("period", "net", "count")
        .order_by()
    )
    return {period: (net, count) for period, net, count in rows}


def weigh_ticket_days(
    *, point_ids: list[int], day_from: date, day_to: date
) -> dict[tuple[int, date], tuple[int, Decimal]]:
    """(tickets, net tonnes) per monitoring point and local day from `day_from` to `day_to`
    (both included), both directions: a weighbridge's daily activity."""
    rows = (
        WeighTicket.objects.filter(
            point_id__in=point_ids,
            weighed_at__gte=local_day_start(day_from),
            weighed_at__lt=local_day_start(day_to + timedelta(days=1)),
        )
        .annotate(day=TruncDate("weighed_at", tzinfo=timezone.get_default_timezone()))
        .values("point_id", "day")
        .annotate(count=Count("pk"), net=Sum("net_t"))
        .values_list("point_id", "day", "count", "net")
        .order_by()
    )
    return {(point_id, day): (count, net) for point_id, day, count, net in rows}
