"""The Content-Security-Policy middleware, plus the map tile servers' origins in img-src: they
are read from MAP_TILE_URL (and its labels overlay, each subdomain) on each response, so that
the policy follows the settings."""

from csp.middleware import CSPMiddleware, PolicyParts
from django.http import HttpRequest, HttpResponseBase

from wastewatch.tiles import tile_origins


class PortalCSPMiddleware(CSPMiddleware):
    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        origins = tile_origins()
        if origins:
            update = dict(parts.update or {})
            update["img-src"] = [*update.get("img-src", []), *origins]
            parts.update = update
        return parts
