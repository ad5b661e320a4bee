from rest_framework.permissions import BasePermission

from monitoring.models import MonitoringPoint


class IsDevice(BasePermission):
    """The caller authenticated with a device key."""

    def has_permission(self, request, view) -> bool:
        return isinstance(request.auth, MonitoringPoint)


class IsPerson(BasePermission):
    """The caller is a signed-in person, not a device."""

    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated) and not isinstance(
            request.auth, MonitoringPoint
        )
