"""API-wide views."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from wastewatch.api.exceptions import error_body, request_refusal


@csrf_exempt  # nothing is there to protect: an unknown path answers 404 to every method
def api_not_found(request: HttpRequest, rest: str = "") -> JsonResponse:
    """Unknown API paths answer in the API's error shape, not with an HTML page."""
    return JsonResponse(error_body(_("Not found."), "not_found"), status=404)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Django's refusals (a disallowed host, too many fields, a body over its limit) under
    /api/ in the API's shape, with the limit named; elsewhere Django's page."""
    if request.path.startswith("/api/"):
        status, body = request_refusal(exception) or (
            400,
            error_body(_("The request cannot be accepted."), "bad_request"),
        )
        return JsonResponse(body, status=status)
    from django.views.defaults import bad_request as page

    return page(request, exception)


def server_error(request: HttpRequest):
    """A 500 under /api/ keeps the API's error shape; elsewhere Django's page."""
    if request.path.startswith("/api/"):
        body = error_body(_("Internal server error."), "server_error")
        return JsonResponse(body, status=500)
    from django.views.defaults import server_error as page

    return page(request)
