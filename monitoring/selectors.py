"""Reads of the monitoring app."""

from django.db.models import QuerySet

from monitoring.models import MonitoringPoint, WasteCategory, WeighTicket
from parks.selectors import enterprise_list
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
