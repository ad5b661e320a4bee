"""Per-device throttling: a flooding device gets 429 with Retry-After, others are unaffected."""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from monitoring.models import MonitoringPoint


class DeviceRateThrottle(SimpleRateThrottle):
    scope = "device"

    def get_rate(self) -> str:
        return settings.DEVICE_THROTTLE_RATE

    def get_cache_key(self, request, view) -> str | None:
        if not isinstance(request.auth, MonitoringPoint):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}
