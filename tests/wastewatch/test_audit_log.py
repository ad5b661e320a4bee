"""A Celery task that gives up is logged on `wastewatch.audit` as an error, with its name."""

import logging

from wastewatch.audit import task_failure_audit


def test_it_logs_a_failed_task_as_an_error(caplog):
    caplog.set_level(logging.INFO, logger="wastewatch.audit")

    class Task:
        name = "monitoring.tasks.flags_score_task"

    task_failure_audit(sender=Task(), task_id="abc", exception=RuntimeError("broker gone"))
    [record] = [r for r in caplog.records if r.name == "wastewatch.audit"]
    assert record.levelno == logging.ERROR
    assert record.audit["task"] == "monitoring.tasks.flags_score_task"
    assert record.audit["error"] == "RuntimeError: broker gone"
