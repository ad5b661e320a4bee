"""The Content-Security-Policy middleware, plus the map tile server's origin in img-src: it
is read from MAP_TILE_URL on each response, so that the policy follows the setting."""

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase


def tile_origin() -> str:
    """scheme://host[:port] of MAP_TILE_URL, or "" when tiles are off or not http(s)."""
    url = settings.MAP_TILE_URL
    if not url.startswith(("http://", "https://")):
        return ""
    return "/".join(url.split("/", 3)[:3])


class PortalCSPMiddleware(CSPMiddleware):
    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        origin = tile_origin()
        if origin:
            update = dict(parts.update or {})
            update["img-src"] = [*update.get("img-src", []), origin]
            parts.update = update
        return parts
