"""Template context shared by every portal page."""

from django.conf import settings
from django.http import HttpRequest

from wastewatch.roles import is_regulator, is_staff_admin


def portal(request: HttpRequest) -> dict:
    user = request.user
    return {
        "MAP_TILE_URL": settings.MAP_TILE_URL,
        "MAP_TILE_ATTRIBUTION": settings.MAP_TILE_ATTRIBUTION,
        "user_is_regulator": is_regulator(user),
        "user_is_staff_admin": is_staff_admin(user),
    }
