"""API throttles for people: per user once logged in, per address before. The rates are read
from the settings on each request (API_USER_THROTTLE_RATE, API_ANON_THROTTLE_RATE), so that
they follow the environment. Devices are throttled by monitoring.throttling instead."""

from django.conf import settings
from rest_framework import throttling


class UserRateThrottle(throttling.UserRateThrottle):
    def get_rate(self) -> str:
        return settings.API_USER_THROTTLE_RATE


class AnonRateThrottle(throttling.AnonRateThrottle):
    def get_rate(self) -> str:
        return settings.API_ANON_THROTTLE_RATE
