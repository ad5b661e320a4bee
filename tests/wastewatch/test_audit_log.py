"""A Celery task that gives up is logged on `wastewatch.audit` as an error, with its name."""

import io
import json
import logging
import logging.config

from wastewatch.audit import task_failure_audit
from wastewatch.logs import logging_config


def test_it_logs_a_failed_task_as_an_error(caplog):
    caplog.set_level(logging.INFO, logger="wastewatch.audit")

    class Task:
        name = "detection.tasks.flags_score_task"

    task_failure_audit(sender=Task(), task_id="abc", exception=RuntimeError("broker gone"))
    [record] = [r for r in caplog.records if r.name == "wastewatch.audit"]
    assert record.levelno == logging.ERROR
    assert record.audit["task"] == "detection.tasks.flags_score_task"
    assert record.audit["error"] == "RuntimeError: broker gone"


def test_it_writes_the_events_fields_as_json(client, db):
    """With LOG_FORMAT=json an audit line carries its fields as an object, not only as text."""
    stream = io.StringIO()
    config = logging_config("json", "INFO")
    config["handlers"]["console"]["stream"] = stream
    root = logging.getLogger()
    saved_handlers, saved_level = root.handlers[:], root.level
    logging.config.dictConfig(config)
    try:
        task_failure_audit(sender=None, task_id="t-1", exception=ValueError("bad"))
    finally:
        root.handlers[:] = saved_handlers
        root.setLevel(saved_level)
    [line] = [json.loads(text) for text in stream.getvalue().splitlines()]
    assert line["logger"] == "wastewatch.audit"
    assert line["audit"] == {
        "event": "task.failed",
        "actor": "-",
        "task": None,
        "task_id": "t-1",
        "error": "ValueError: bad",
    }
