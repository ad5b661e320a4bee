"""Reads of the monitoring app."""

from collections.abc import Iterator
from datetime import date

import pandas as pd
from django.db.models import Count, F, QuerySet, Sum
from django.db.models.functions import TruncDate, TruncMonth
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
    weighed = WeighTicket.objects.filter(
        weighed_at__gte=local_day_start(period),
        weighed_at__lt=local_day_start(month_add(period, 1)),
    ).values("point_id")
    points = MonitoringPoint.objects.filter(kind=MonitoringPoint.Kind.WEIGHBRIDGE).exclude(
        pk__in=weighed
    )
    if enterprise_ids is not None:
        points = points.filter(enterprise_id__in=enterprise_ids)
    return list(points.select_related("enterprise").order_by("enterprise__credit_code", "code"))


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


def weighed_out_months(
    *, enterprise_id: int, category_id: int, period_from: date, period_to: date
) -> dict[date, float]:
    """Tonnes an enterprise's weighbridges weighed leaving with one waste category, month by
    month (from the daily roll-ups, local days); a month without any weighing is absent."""
    rows = (
        TicketRollup.objects.filter(
            enterprise_id=enterprise_id,
            category_id=category_id,
            direction=WeighTicket.Direction.OUT,
            day__gte=period_from,
            day__lt=month_add(period_to, 1),
        )
        .annotate(month=TruncMonth("day"))
        .values("month")
        .annotate(t=Sum("net_t"))
        .order_by()
    )
    return {row["month"]: float(row["t"]) for row in rows}
