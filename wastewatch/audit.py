"""The events an operator of the platform must be able to trace afterwards (an upload and its
outcome, a device key issued or revoked, a flag reviewed, an evaluation approved or returned,
a task that failed), logged on one logger, `wastewatch.audit`, as one line each with the
event's name, who did it and what it concerned. The fields travel as the record's `audit`
attribute, so that the JSON log format writes them as fields, not only in the message."""

import logging
from typing import Any

from django.db import transaction

logger = logging.getLogger("wastewatch.audit")


def _actor(actor: Any) -> str:
    if actor is None:
        return "-"
    return getattr(actor, "get_username", lambda: str(actor))()


def _emit(event: str, actor: Any, level: int, fields: dict[str, Any]) -> None:
    record = {"event": event, "actor": _actor(actor), **fields}
    details = " ".join(f"{key}={value}" for key, value in record.items() if key != "event")
    logger.log(level, "%s %s", event, details, extra={"audit": record})


def audit(event: str, *, actor: Any = None, level: int = logging.INFO, **fields: Any) -> None:
    """Log `event` once the surrounding transaction commits: a rolled-back action did not
    happen, and its log line must not say it did."""
    transaction.on_commit(lambda: _emit(event, actor, level, fields))


def task_failure_audit(sender: Any = None, task_id: str = "", exception: Any = None, **_: Any):
    """Celery's task_failure signal: a task that gave up (after its retries) is an event,
    logged at once (the failed task's transaction, if any, is gone)."""
    fields = {
        "task": getattr(sender, "name", sender),
        "task_id": task_id,
        "error": f"{type(exception).__name__}: {exception}",
    }
    _emit("task.failed", None, logging.ERROR, fields)
