"""The request id: taken from the X-Request-ID header (set by the proxy or the caller) or
made here, returned in the response's X-Request-ID and put on every log record of the request."""

from collections.abc import Callable

from django.core.signals import request_finished
from django.http import HttpRequest, HttpResponse

from wastewatch.logs import NO_REQUEST, REQUEST_ID_HEADER, request_id_from, request_id_var


class RequestIdMiddleware:
    """First in MIDDLEWARE, so that everything after it logs with the id."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request_id_from(request.headers.get(REQUEST_ID_HEADER))
        request.request_id = request_id
        # Not reset on the way out: Django logs a 4xx/5xx ("Not Found: /x") after the
        # middleware returned. The request_finished signal resets it.
        request_id_var.set(request_id)
        response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request_id
        return response


def _request_id_forget(**kwargs) -> None:
    request_id_var.set(NO_REQUEST)


request_finished.connect(_request_id_forget, dispatch_uid="wastewatch.request_id.forget")
