"""One error shape for the whole API: {"message": str, "code": str, "extra": {...}}.

`extra.fields` maps a field (or "non_field_errors") to its messages; later endpoints add
`extra.rows` or `extra.items` for batch input.
"""

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import (
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, UnreadablePostError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler


class ApplicationError(Exception):
    """A business rule refused the request; the message is shown to the user as it is."""

    status_code = status.HTTP_400_BAD_REQUEST
    code = "invalid"

    def __init__(self, message: str, *, extra: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.extra = extra or {}


def error_body(message: str, code: str, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"message": message, "code": code, "extra": extra or {}}


# Django's refusals of a request over one of its limits: (exception, status, code, the
# setting that holds the limit, the message naming both).
_LIMIT_REFUSALS = (
    (
        RequestDataTooBig,
        413,
        "too_large",
        "DATA_UPLOAD_MAX_MEMORY_SIZE",
        gettext_lazy("The request body is larger than the limit of %(limit)d bytes (%(setting)s)."),
    ),
    (
        TooManyFieldsSent,
        400,
        "bad_request",
        "DATA_UPLOAD_MAX_NUMBER_FIELDS",
        gettext_lazy("The request has more than %(limit)d fields (%(setting)s)."),
    ),
    (
        TooManyFilesSent,
        400,
        "bad_request",
        "DATA_UPLOAD_MAX_NUMBER_FILES",
        gettext_lazy("The request has more than %(limit)d files (%(setting)s)."),
    ),
)


def request_refusal(exc: Exception) -> tuple[int, dict[str, Any]] | None:
    """Status and body for Django's refusals of a request it cannot or will not read, which
    it would otherwise answer with a bare HTML page (or, for UnreadablePostError, a 500)."""
    for refused, answer, code, setting, text in _LIMIT_REFUSALS:
        if isinstance(exc, refused):
            limit = getattr(settings, setting)
            extra = {"limit": limit, "setting": setting}
            return answer, error_body(text % extra, code, extra)
    if isinstance(exc, SuspiciousOperation):
        return 400, error_body(_("The request cannot be accepted."), "bad_request")
    if isinstance(exc, UnreadablePostError):
        message = _("The request body could not be read completely; send it again.")
        return 400, error_body(message, "unreadable_body")
    return None


def _unsupported_media_type(
    exc: exceptions.UnsupportedMediaType, context: dict[str, Any]
) -> Response:
    request = context.get("request")
    expected = [parser.media_type for parser in getattr(request, "parsers", None) or []]
    sent = getattr(request, "content_type", "") or _("none")
    message = _("Content type %(sent)s is not accepted here; send %(expected)s.") % {
        "sent": sent,
        "expected": _(" or ").join(expected),
    }
    body = error_body(message, "unsupported_media_type", {"expected": expected})
    return Response(body, status=status.HTTP_415_UNSUPPORTED_MEDIA_TYPE)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, ApplicationError):
        return Response(error_body(exc.message, exc.code, exc.extra), status=exc.status_code)
    refusal = request_refusal(exc)
    if refusal is not None:
        return Response(refusal[1], status=refusal[0])
    if isinstance(exc, exceptions.UnsupportedMediaType):
        return _unsupported_media_type(exc, context)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(*exc.args)

    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # a real bug: Django's 500 handling takes over
    if isinstance(exc, exceptions.ValidationError):
        fields = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        response.data = error_body(
            _("The input is not valid."), "invalid", {"fields": _plain(fields)}
        )
    else:
        detail = getattr(exc, "detail", str(exc))
        code = detail.code if hasattr(detail, "code") else "error"
        response.data = error_body(str(detail), str(code))
    return response


def _plain(detail: Any) -> Any:
    """ErrorDetail trees to plain lists and dicts of strings."""
    if isinstance(detail, dict):
        return {str(key): _plain(value) for key, value in detail.items()}
    if isinstance(detail, list):
        return [_plain(item) for item in detail]
    return str(detail)
