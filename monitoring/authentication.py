"""Device authentication: `Authorization: Device <key>`, one key per monitoring point."""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions

from monitoring.models import MonitoringPoint
from monitoring.services import monitoring_point_for_key


@dataclass(frozen=True)
class DevicePrincipal:
    """Stands in for request.user when a device calls; it is not a person."""

    point: MonitoringPoint
    is_authenticated: bool = True
    is_active: bool = True
    is_superuser: bool = False
    is_staff: bool = False

    def get_username(self) -> str:
        return f"device:{self.point}"


class DeviceKeyAuthentication(authentication.BaseAuthentication):
    keyword = "Device"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Send the header as: Device <key>."))
        point = monitoring_point_for_key(header[1].decode("latin-1"))
        if point is None:
            raise exceptions.AuthenticationFailed(_("Unknown or revoked device key."))
        return DevicePrincipal(point), point

    def authenticate_header(self, request) -> str:
        return self.keyword
