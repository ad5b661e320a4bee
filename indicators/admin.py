from django.contrib import admin

from indicators.models import IndicatorTarget


@admin.register(IndicatorTarget)
class IndicatorTargetAdmin(admin.ModelAdmin):
    """Targets are the bureau's: staff set them here."""

    list_display = ["indicator", "park", "year", "target", "note"]
    list_filter = ["year", "indicator", "park"]
