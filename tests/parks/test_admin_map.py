import json
import re

import pytest

pytestmark = pytest.mark.smoke


def _options(page: str) -> dict:
    found = re.search(
        r'<script id="id_boundary_map_options" type="application/json">(.*?)</script>', page, re.S
    )
    assert found, "the widget carries no options"
    return json.loads(found.group(1))


def test_the_admin_map_widget_loads_openlayers_from_static(client, staff_admin, park_a):
    client.force_login(staff_admin)
    page = client.get(f"/admin/parks/park/{park_a.pk}/change/").content.decode()
    assert "vendor/ol/ol.js" in page
    assert "jsdelivr" not in page
    assert "ol.source.OSM" not in page


def test_the_admin_map_widget_draws_the_portals_base_layer(client, staff_admin, park_a, settings):
    settings.MAP_TILE_URL = "https://t{s}.tiles.example.cn/{z}/{x}/{y}.png"
    settings.MAP_TILE_LABELS_URL = "https://labels.example.cn/{z}/{x}/{y}.png"
    settings.MAP_TILE_SUBDOMAINS = "12"
    settings.MAP_TILE_ATTRIBUTION = "© 包头市生态环境局"
    client.force_login(staff_admin)
    page = client.get(f"/admin/parks/park/{park_a.pk}/change/").content.decode()
    assert _options(page)["tiles"] == {
        "urls": [
            "https://t1.tiles.example.cn/{z}/{x}/{y}.png",
            "https://t2.tiles.example.cn/{z}/{x}/{y}.png",
        ],
        "labels_urls": ["https://labels.example.cn/{z}/{x}/{y}.png"],
        "attribution": "© 包头市生态环境局",
        "max_zoom": 18,
    }
    assert "css/offline-map-widget.css" in page  # the light sheet under the map


def test_without_a_tile_url_the_widget_has_no_base_layer(client, staff_admin, park_a, settings):
    settings.MAP_TILE_URL = ""
    client.force_login(staff_admin)
    page = client.get(f"/admin/parks/park/{park_a.pk}/change/").content.decode()
    assert _options(page)["tiles"] is None
