"""Template context shared by every portal page."""

from django.conf import settings
from django.http import HttpRequest

from wastewatch.tiles import tile_layers


def portal(request: HttpRequest) -> dict:
    return {
        "MAP_TILES": tile_layers(),  # the maps' base layer (None: a plain background)
        "DEMO_NOTICE": settings.DEMO_NOTICE,
    }
