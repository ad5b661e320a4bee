"""Django's GIS admin widgets without a CDN: vendored OpenLayers and the configured tiles."""

from django.conf import settings
from django.contrib.gis.forms.widgets import OSMWidget


class OfflineMapWidget(OSMWidget):
    """OSMWidget that loads OpenLayers from static/vendor and tiles from MAP_TILE_URL only."""

    template_name = "gis/offline-openlayers.html"
    default_lon, default_lat = settings.MAP_CENTER
    default_zoom = 9

    class Media:
        extend = False  # the parent's Media names the CDN
        css = {"all": ("vendor/ol/ol.css", "gis/css/ol3.css")}
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
            "tile_url": settings.MAP_TILE_URL,
        }
        return context
