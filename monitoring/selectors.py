"""Reads of the monitoring app."""

from django.db.models import QuerySet

from monitoring.models import WasteCategory


def waste_category_list() -> QuerySet[WasteCategory]:
    """The catalogue is public reference data: every signed-in user reads all of it."""
    return WasteCategory.objects.all()
