from django.contrib import admin
from django.http import HttpRequest

from indicators.models import IndicatorTarget
from wastewatch.roles import is_staff_admin


@admin.register(IndicatorTarget)
class IndicatorTargetAdmin(admin.ModelAdmin):
    """Targets are the bureau's: staff administrators set them here. Nobody else sees this
    admin, whose park filter and park choice would name every park of the city."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_staff_admin(request.user)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return is_staff_admin(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return is_staff_admin(request.user)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return is_staff_admin(request.user)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return is_staff_admin(request.user)

    list_display = ["indicator", "park", "year", "target", "note"]
    list_filter = ["year", "indicator", "park"]
