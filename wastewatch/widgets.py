"""Django's GIS admin widgets without a CDN: vendored OpenLayers and the configured tiles."""

from django.conf import settings
from django.contrib.gis.forms.widgets import OSMWidget

from wastewatch.tiles import tile_layers, tile_urls


class OfflineMapWidget(OSMWidget):
    """OSMWidget that loads OpenLayers from static/vendor and the portal maps' base layer
    (MAP_TILE_URL) only; without it, a plain background with a scale bar."""

    template_name = "gis/offline-openlayers.html"
    default_lon, default_lat = settings.MAP_CENTER
    default_zoom = 9

    class Media:
        extend = False  # the parent's Media names the CDN
        css = {"all": ("vendor/ol/ol.css", "gis/css/ol3.css", "css/offline-map-widget.css")}
        js = ("vendor/ol/ol.js", "gis/js/OLMapWidget.js", "js/offline-map-widget.js")

    def get_context(self, name, value, attrs):
        """The map's options as data (the template's JSON), not as an inline script, which
        the Content-Security-Policy refuses."""
        context = super().get_context(name, value, attrs)
        context["map_options_id"] = f"{context['id']}_map_options"
        context["map_options"] = {
            "geom_name": context["geom_type"],
            "id": context["id"],
            "map_id": f"{context['id']}_map",
            "map_srid": context["map_srid"],
            "name": context["name"],
            "default_lon": context["default_lon"],
            "default_lat": context["default_lat"],
            "default_zoom": context["default_zoom"],
            "module": context["module"],
            "tiles": _widget_tiles(),
        }
        return context


def _widget_tiles() -> dict | None:
    """The base layer as OpenLayers takes it: each subdomain's URL spelled out."""
    tiles = tile_layers()
    if tiles is None:
        return None
    return {
        "urls": tile_urls(tiles["url"]),
        "labels_urls": tile_urls(tiles["labels_url"]) if tiles["labels_url"] else [],
        "attribution": tiles["attribution"],
        "max_zoom": tiles["max_zoom"],
    }
