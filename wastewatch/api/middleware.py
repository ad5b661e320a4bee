"""Limits on what a request under /api/ may carry, checked before any view runs so that every
refusal is in the API's error shape and names its limit (docs/security.md):

- API_MAX_BODY_BYTES: a JSON or form body longer than this answers 413 (multipart uploads
  have their own limits where they are read);
- API_JSON_MAX_DEPTH: JSON nested deeper answers 400 (Python's parser would otherwise
  exhaust its recursion and answer 500).

Django's own refusals raised while a view reads the request (RequestDataTooBig,
TooManyFieldsSent and other SuspiciousOperations, UnreadablePostError) answer in the same shape.
"""

import json
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import HttpRequest, HttpResponse, JsonResponse, UnreadablePostError
from django.utils.translation import gettext as _

from wastewatch.api.exceptions import error_body, request_refusal
from wastewatch.text import control_character, describe_character

API_PREFIX = "/api/"


def json_depth(value: Any, *, stop_above: int) -> int:
    """How deeply arrays and objects nest in `value` (a scalar is 0), without recursion;
    counting stops once it passes `stop_above`."""
    deepest = 0
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, depth)
        if deepest > stop_above:
            break
        stack.extend((child, depth + 1) for child in children)
    return deepest


def _is_json(request: HttpRequest) -> bool:
    content_type = (request.content_type or "").lower()
    return content_type == "application/json" or content_type.endswith("+json")


def _content_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def too_large(limit: int, setting: str) -> JsonResponse:
    message = _("The request body is larger than the limit of %(limit)d bytes (%(setting)s).") % {
        "limit": limit,
        "setting": setting,
    }
    body = error_body(message, "too_large", {"limit": limit, "setting": setting})
    return JsonResponse(body, status=413)


def too_deep(limit: int) -> JsonResponse:
    message = _(
        "The JSON is nested deeper than the limit of %(limit)d levels (API_JSON_MAX_DEPTH)."
    ) % {"limit": limit}
    body = error_body(message, "too_deep", {"limit": limit, "setting": "API_JSON_MAX_DEPTH"})
    return JsonResponse(body, status=400)


class ApiRequestLimitsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info.startswith(API_PREFIX):
            refusal = self.check(request)
            if refusal is not None:
                return refusal
        return self.get_response(request)

    def check(self, request: HttpRequest) -> HttpResponse | None:
        refusal = self.check_url(request)
        if refusal is not None:
            return refusal
        content_type = (request.content_type or "").lower()
        if content_type.startswith("multipart/"):
            return None
        limit = settings.API_MAX_BODY_BYTES
        if _content_length(request) > limit:
            return too_large(limit, "API_MAX_BODY_BYTES")
        if not _is_json(request) or not _content_length(request):
            return None
        try:
            body = request.body
        except (RequestDataTooBig, SuspiciousOperation, UnreadablePostError) as refused:
            return self.process_exception(request, refused)
        if len(body) > limit:  # a body longer than its Content-Length says
            return too_large(limit, "API_MAX_BODY_BYTES")
        try:
            data = json.loads(body)
        except RecursionError:
            return too_deep(settings.API_JSON_MAX_DEPTH)
        except ValueError:
            return None  # the parser's own message says what is wrong
        if json_depth(data, stop_above=settings.API_JSON_MAX_DEPTH) > settings.API_JSON_MAX_DEPTH:
            return too_deep(settings.API_JSON_MAX_DEPTH)
        return None

    def check_url(self, request: HttpRequest) -> HttpResponse | None:
        """A control character in the path or a query parameter never reaches a lookup (the
        database refuses NUL with an error, not with "not found")."""
        found = control_character(request.path_info)
        if found:
            message = _("The URL path holds the control character %(character)s.") % {
                "character": describe_character(found[1])
            }
            return JsonResponse(error_body(message, "control_character"), status=400)
        for name, values in request.GET.lists():
            found = next(filter(None, (control_character(text) for text in (name, *values))), None)
            if found:
                message = _(
                    "Query parameter %(name)s holds the control character %(character)s."
                ) % {"name": repr(name), "character": describe_character(found[1])}
                return JsonResponse(error_body(message, "control_character"), status=400)
        return None

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not request.path_info.startswith(API_PREFIX):
            return None
        refusal = request_refusal(exception)
        if refusal is None:
            return None
        status, body = refusal
        return JsonResponse(body, status=status)
