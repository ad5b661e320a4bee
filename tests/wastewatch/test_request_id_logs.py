"""Every request has an id (the caller's X-Request-ID, or a new one), returned in the response
and carried by every log line of the request; lines are JSON with LOG_FORMAT=json, readable text
otherwise, in UTC."""

import io
import json
import logging
import logging.config
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from wastewatch.logs import logging_config

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def json_log():
    """The root logger writes through the LOG_FORMAT=json configuration into a buffer."""
    stream = io.StringIO()
    config = logging_config("json", "INFO")
    config["handlers"]["console"]["stream"] = stream
    root = logging.getLogger()
    saved_handlers, saved_level = root.handlers[:], root.level
    logging.config.dictConfig(config)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    root.handlers[:] = saved_handlers
    root.setLevel(saved_level)


def test_it_returns_the_callers_request_id_and_logs_with_it(client, db, json_log):
    response = client.get("/no-such-page/", HTTP_X_REQUEST_ID="lb-7f3a.42")
    assert response.status_code == 404
    assert response["X-Request-ID"] == "lb-7f3a.42"
    not_found = [r for r in json_log() if r["logger"] == "django.request"]
    assert not_found, json_log()
    assert not_found[0]["request_id"] == "lb-7f3a.42"
    assert not_found[0]["level"] == "WARNING"
    assert "Not Found" in not_found[0]["message"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00", not_found[0]["time"])


def test_it_makes_an_id_when_none_is_given_and_forgets_it_after_the_request(client, db, json_log):
    first = client.get("/no-such-page/")["X-Request-ID"]
    second = client.get("/no-such-page/")["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", first)
    assert first != second
    logging.getLogger("wastewatch.test").warning("between requests")
    ids = [(r["message"], r["request_id"]) for r in json_log()]
    assert ids[-1] == ("between requests", "-")
    assert {first, second} <= {request_id for _, request_id in ids}


@pytest.mark.parametrize(
    "given", ["two words", "x" * 129, "line\u2028break", "<script>", ""], ids=repr
)
def test_it_replaces_a_request_id_it_cannot_trust(client, db, given):
    returned = client.get("/healthz", HTTP_X_REQUEST_ID=given)["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", returned)


LOG_ONE_LINE = "import logging; logging.getLogger('parks.audit').warning('园区 %s saved', 'BT-EQP')"


def log_one_line(log_format: str, *command: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE"}}
    env.update(DJANGO_SETTINGS_MODULE="tests.settings", LOG_FORMAT=log_format)
    return subprocess.run(
        [sys.executable, "manage.py", *(command or ("shell", "-c", LOG_ONE_LINE))],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_it_writes_json_lines_when_asked():
    result = log_one_line("json")
    assert result.returncode == 0, result.stderr
    line = json.loads(result.stderr.strip().splitlines()[-1])
    assert line["level"] == "WARNING"
    assert line["logger"] == "parks.audit"
    assert line["message"] == "园区 BT-EQP saved"
    assert line["request_id"] == "-"
    assert line["time"].endswith("+00:00")


def test_it_writes_readable_text_otherwise():
    result = log_one_line("text")
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(
        r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z WARNING parks\.audit \[-\] 园区 BT-EQP saved",
        result.stderr.strip().splitlines()[-1],
    )


def test_it_refuses_an_unknown_log_format():
    result = log_one_line("xml", "check")
    assert result.returncode != 0
    assert "LOG_FORMAT must be text or json" in result.stderr


def test_a_task_run_in_process_logs_with_the_requests_id_and_leaves_it_in_place(json_log):
    from wastewatch.logs import request_id_var
    from wastewatch.tasks import worker_heartbeat_task

    seen_in_task = []

    def note(**kwargs):
        logging.getLogger("wastewatch.test").info("in the task")
        seen_in_task.append(True)

    from celery.signals import task_prerun

    token = request_id_var.set("req-1")
    task_prerun.connect(note, weak=False)
    try:
        with pytest.MonkeyPatch.context() as patched:
            patched.setattr("wastewatch.health.worker_heartbeat_record", lambda queue: None)
            worker_heartbeat_task.apply()
        logging.getLogger("wastewatch.test").info("after the task")
    finally:
        task_prerun.disconnect(note)
        request_id_var.reset(token)
    records = {r["message"]: r for r in json_log()}
    assert seen_in_task
    assert records["in the task"]["request_id"] == "req-1"
    assert records["in the task"]["task_id"]
    assert records["after the task"]["request_id"] == "req-1"
    assert "task_id" not in records["after the task"]
