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
        js = ("vendor/ol/ol.js", "gis/js/OLMapWidget.js")

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["tile_url"] = settings.MAP_TILE_URL
        return context
