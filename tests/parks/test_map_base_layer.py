"""The maps' base layer: the city map and a park's page carry MAP_TILE_URL, its subdomains,
labels overlay and attribution for their script (none without a URL), the map's enterprise
layer is the dashboard's (with open flags), and the CSP allows every tile host."""

import json
import re

import pytest

TIANDITU = (
    "https://t{s}.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0"
    "&LAYER=vec&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}"
    "&TILECOL={x}&tk=KEY"
)
LABELS = TIANDITU.replace("vec_w", "cva_w").replace("LAYER=vec", "LAYER=cva")


def _tiles(page: str):
    found = re.search(r'<script id="map-tiles" type="application/json">(.*?)</script>', page, re.S)
    assert found, "the page carries no map-tiles data"
    return json.loads(found.group(1))


def _img_src(response) -> list[str]:
    """The sources of the response's img-src directive (directives come in any order)."""
    policy = response["Content-Security-Policy"]
    return next(part.split()[1:] for part in policy.split(";") if part.split()[0] == "img-src")


@pytest.fixture
def tianditu(settings):
    settings.MAP_TILE_URL = TIANDITU
    settings.MAP_TILE_LABELS_URL = LABELS
    settings.MAP_TILE_SUBDOMAINS = "01234567"
    settings.MAP_TILE_ATTRIBUTION = "© 天地图 <审图号>"
    settings.MAP_TILE_MAX_ZOOM = 17


@pytest.mark.parametrize("url", ["/map/", "/parks/PA/"])
def test_the_maps_carry_the_tile_settings(client, regulator, park_a, tianditu, url):
    client.force_login(regulator)
    page = client.get(url).content.decode()
    assert _tiles(page) == {
        "url": TIANDITU,
        "labels_url": LABELS,
        "subdomains": list("01234567"),
        "attribution": "© 天地图 <审图号>",
        "max_zoom": 17,
    }
    assert "<审图号>" not in page  # the attribution is data, escaped, never markup


@pytest.mark.parametrize("url", ["/map/", "/parks/PA/"])
def test_without_a_tile_url_the_maps_have_no_base_layer(client, regulator, park_a, settings, url):
    settings.MAP_TILE_URL = ""
    client.force_login(regulator)
    assert _tiles(client.get(url).content.decode()) is None


def test_subdomains_may_be_comma_separated(client, regulator, settings):
    settings.MAP_TILE_URL = "https://{s}.tiles.example.cn/{z}/{x}/{y}.png"
    settings.MAP_TILE_SUBDOMAINS = "tile1, tile2"
    client.force_login(regulator)
    assert _tiles(client.get("/map/").content.decode())["subdomains"] == ["tile1", "tile2"]


def test_the_maps_read_the_dashboards_enterprise_layer(client, regulator, park_a):
    client.force_login(regulator)
    assert 'data-enterprises-url="/map/enterprises/"' in client.get("/map/").content.decode()
    park_page = client.get("/parks/PA/").content.decode()
    assert 'data-enterprises-url="/map/enterprises/?park=PA"' in park_page


def test_the_csp_allows_every_tile_host_and_no_other(client, regulator, tianditu):
    client.force_login(regulator)
    hosts = [f"https://t{n}.tianditu.gov.cn" for n in range(8)]
    assert _img_src(client.get("/map/")) == ["'self'", "data:", "blob:", *hosts]


def test_the_csp_allows_a_single_tile_host(client, regulator, settings):
    settings.MAP_TILE_URL = "https://tiles.example.cn:8443/osm/{z}/{x}/{y}.png"
    client.force_login(regulator)
    assert _img_src(client.get("/map/")) == [
        "'self'",
        "data:",
        "blob:",
        "https://tiles.example.cn:8443",
    ]
