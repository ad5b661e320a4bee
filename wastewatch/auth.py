"""Log-in lock-out (django-axes): which address a request comes from, and what a locked-out
person sees: the login page with the reason (429), or the API's error shape under /api/."""

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from wastewatch.api.exceptions import error_body


def client_ip(request: HttpRequest) -> str | None:
    """The header a trusted proxy sets (LOGIN_CLIENT_IP_HEADER), else the connection's address.
    Never a client-supplied X-Forwarded-For, which would let a guesser pick a fresh address."""
    header = settings.LOGIN_CLIENT_IP_HEADER
    if header and request.META.get(header):
        return request.META[header].split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR")


def lockout_minutes() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


def lockout_response(
    request: HttpRequest, original_response=None, credentials: dict | None = None
) -> HttpResponse:
    minutes = lockout_minutes()
    message = _(
        "Too many failed log-in attempts: this account or this address is locked for "
        "%(minutes)d minutes. Try again later, or ask an administrator to unlock it."
    ) % {"minutes": minutes}
    status = settings.AXES_HTTP_RESPONSE_CODE
    if request.path.startswith("/api/"):
        response = JsonResponse(
            error_body(message, "locked_out", {"retry_after": minutes * 60}), status=status
        )
    else:
        form = AuthenticationForm(request)
        response = render(
            request,
            "registration/login.html",
            {"form": form, "locked_out": message, "next": request.POST.get("next", "")},
            status=status,
        )
    response["Retry-After"] = str(minutes * 60)
    return response
