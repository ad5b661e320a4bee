"""The portal's error pages (handler403/404), in its style and the reader's language. Under
/api/ the answer keeps the API's error shape instead; 500 is wastewatch.api.views.server_error,
which renders templates/500.html for the portal."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from wastewatch.api.exceptions import error_body


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse(error_body(_("Not found."), "not_found"), status=404)
    return render(request, "404.html", status=404)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith("/api/"):
        body = error_body(
            _("You do not have permission to perform this action."), "permission_denied"
        )
        return JsonResponse(body, status=403)
    # The refusals the services raise are written for the user (which rule, why).
    reason = str(exception) if exception is not None and str(exception) else ""
    return render(request, "403.html", {"reason": reason}, status=403)
