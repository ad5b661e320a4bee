"""API-wide views."""

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _

from wastewatch.api.exceptions import error_body


def api_not_found(request: HttpRequest, rest: str) -> JsonResponse:
    """Unknown API paths answer in the API's error shape, not with an HTML page."""
    return JsonResponse(error_body(_("Not found."), "not_found"), status=404)


def server_error(request: HttpRequest):
    """A 500 under /api/ keeps the API's error shape; elsewhere Django's page."""
    if request.path.startswith("/api/"):
        body = error_body(_("Internal server error."), "server_error")
        return JsonResponse(body, status=500)
    from django.views.defaults import server_error as page

    return page(request)
