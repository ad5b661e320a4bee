"""The maps' base layer, from MAP_TILE_URL and its companions: the same XYZ tiles for the
portal's maps (Leaflet), the admin's map widget (OpenLayers) and the Content-Security-Policy,
which must allow every host the tiles come from."""

from django.conf import settings


def tile_subdomains() -> list[str]:
    """The values `{s}` takes in the tile URLs: MAP_TILE_SUBDOMAINS comma-separated, or
    one subdomain per character (Leaflet's convention: "abc", or "01234567" for 天地图)."""
    value = settings.MAP_TILE_SUBDOMAINS.strip()
    if "," in value:
        return [part.strip() for part in value.split(",") if part.strip()]
    return list(value)


def tile_layers() -> dict | None:
    """What a map needs to draw the base layer, or None without MAP_TILE_URL: the URL
    templates ({z}/{x}/{y}, {s} for a subdomain; the labels overlay, if any), the subdomains,
    the attribution (plain text) and the deepest zoom the server has."""
    if not settings.MAP_TILE_URL:
        return None
    return {
        "url": settings.MAP_TILE_URL,
        "labels_url": settings.MAP_TILE_LABELS_URL,
        "subdomains": tile_subdomains(),
        "attribution": settings.MAP_TILE_ATTRIBUTION,
        "max_zoom": settings.MAP_TILE_MAX_ZOOM,
    }


def tile_urls(template: str) -> list[str]:
    """A URL template with each subdomain in place of `{s}` (itself if it has none): the
    list OpenLayers takes, and the hosts the CSP allows."""
    if "{s}" not in template:
        return [template]
    return [template.replace("{s}", subdomain) for subdomain in tile_subdomains() or [""]]


def tile_origins() -> list[str]:
    """scheme://host[:port] of every tile URL (http(s) only), in order, once each."""
    origins: list[str] = []
    for template in (settings.MAP_TILE_URL, settings.MAP_TILE_LABELS_URL):
        for url in tile_urls(template) if template else []:
            if url.startswith(("http://", "https://")):
                origin = "/".join(url.split("/", 3)[:3])
                if origin not in origins:
                    origins.append(origin)
    return origins
