"""Structured logs: every record carries its time, level, logger and the request id (or the
Celery task id) it belongs to, so that one request can be followed across web and worker logs.

`LOG_FORMAT=json` writes one JSON object a line (for a log collector); anything else writes
readable text. Gunicorn's configuration and Celery's worker use the same configuration, so the
whole stack logs in one format. Kept free of Django imports: gunicorn loads it before Django.
"""

import contextvars
import json
import logging
import re
import time
import uuid
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

NO_REQUEST = "-"
REQUEST_ID_HEADER = "X-Request-ID"
# An id we accept from a client or proxy: printable, no spaces, short. Anything else is
# replaced, so that a caller cannot forge log lines or flood them.
_ACCEPTABLE_ID = re.compile(r"^[A-Za-z0-9._:@-]{1,128}$")

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar(
    "request_id", default=NO_REQUEST
)
task_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar("task_id", default=None)

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"


def request_id_from(value: str | None) -> str:
    """The caller's id when it is acceptable, else a new one."""
    if value and _ACCEPTABLE_ID.match(value):
        return value
    return uuid.uuid4().hex


class RequestIdFilter(logging.Filter):
    """Puts the current request (or task) id on every record that has none."""

    def filter(self, record: logging.LogRecord) -> bool:
        if hasattr(record, "request_id"):
            return True
        record.request_id = request_id_var.get()
        # Gunicorn writes its access line after the request is over; the id is then in the
        # response headers it logs from.
        if record.name == "gunicorn.access" and isinstance(record.args, Mapping):
            given = record.args.get("{x-request-id}o")
            if given and given != "-":
                record.request_id = given
        return True


class TextFormatter(logging.Formatter):
    """Readable lines, times in UTC (ISO 8601, Z): the web runs in Asia/Shanghai, workers and
    the proxy may not, and every line should compare."""

    converter = time.gmtime
    default_time_format = "%Y-%m-%dT%H:%M:%S"
    default_msec_format = "%s.%03dZ"

    def __init__(self) -> None:
        super().__init__(TEXT_FORMAT)


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time (UTC, ISO 8601), level, logger, message, request_id, the
    Celery task's id in a task, an audit event's fields, and the exception's traceback when
    there is one."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", request_id_var.get()),
        }
        task_id = getattr(record, "task_id", None) or task_id_var.get()
        if task_id:
            entry["task_id"] = task_id
        audit = getattr(record, "audit", None)  # wastewatch.audit's event, actor and subject
        if audit:
            entry["audit"] = audit
        if record.exc_info:
            entry["exc_info"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack_info"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def logging_config(
    log_format: str, level: str = "INFO", loggers: dict[str, dict] | None = None
) -> dict[str, Any]:
    """A dictConfig for Django's LOGGING, gunicorn's logconfig_dict and Celery's worker."""
    formatter = "JsonFormatter" if log_format == "json" else "TextFormatter"
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "wastewatch.logs.RequestIdFilter"}},
        "formatters": {"default": {"()": f"wastewatch.logs.{formatter}"}},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "default",
                "filters": ["request_id"],
            }
        },
        "root": {"handlers": ["console"], "level": level},
        # WeasyPrint and fontTools narrate every step of a PDF at INFO.
        "loggers": {
            "weasyprint": {"level": "WARNING"},
            "fontTools": {"level": "WARNING"},
            **(loggers or {}),
        },
    }
