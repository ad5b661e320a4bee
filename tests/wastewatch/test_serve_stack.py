"""`make serve`'s stack, started the same way (scripts/serve.sh: migrations, static files,
gunicorn, a Celery worker per queue and beat under honcho) on a free port with its own database
and Redis database: the workers listen on their queues, an operator logs in through the portal's
form, uploads a ledger through the API, the uploads worker ingests it, and Ctrl-C stops every
process."""

import http.cookiejar
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from monitoring.ledger.synthetic import ledger_csv, ledger_rows

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
# Its own Redis database, so that a stack of a parallel run or `make serve` is not disturbed.
BROKER = os.environ.get("TEST_SERVE_BROKER_URL", "redis://127.0.0.1:6379/14")
# Settings the test run put in the environment (tests/settings.py) that the stack must not see.
NOT_INHERITED = {
    "DJANGO_SETTINGS_MODULE",
    "SECRET_KEY",
    "SECRET_KEY_FILE",
    "ALLOWED_HOSTS",
    "DEBUG",
    "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_HSTS_SECONDS",
    "MEDIA_ROOT",
    "CACHE_URL",
    "CELERY_BROKER_URL",
    "LOG_FORMAT",
}


QUEUES = [queue.name for queue in settings.CELERY_TASK_QUEUES]
QUEUE_BY_NODE = {queue: [queue] for queue in QUEUES}  # the Procfile names each worker by its queue


def queues_served(broker: str) -> dict[str, list[str]]:
    """The queues each running worker consumes, by its node name without the host."""
    from celery import Celery

    # An app of its own on the stack's broker (this process's app queues nowhere, or eagerly).
    answers = Celery(broker=broker).control.inspect(timeout=2).active_queues() or {}
    return {
        node.split("@")[0]: sorted(queue["name"] for queue in queues)
        for node, queues in answers.items()
    }


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def scratch_database() -> Iterator[str]:
    """A database of its own (not the test database), dropped afterwards."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgis://", "postgres://", "postgresql://")):
        pytest.skip("the stack needs PostgreSQL/PostGIS (DATABASE_URL=postgis://…)")
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = f"ww_serve_{uuid.uuid4().hex[:8]}"
    admin = parts._replace(scheme="postgresql", path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield parts._replace(path=f"/{name}").geturl()
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def broker() -> Iterator[str]:
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url(BROKER)
    client.flushdb()
    yield BROKER
    client.flushdb()


def descendants(pid: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def command_of(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def wait_for(predicate: Callable[[], object], timeout: float, step: float = 0.5) -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(step)
    return None


class Browser:
    """A session through the portal: cookies kept, Django's CSRF token sent back."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.ProxyHandler({}),  # loopback: never through a proxy
            urllib.request.HTTPCookieProcessor(self.cookies),
        )

    def csrf_token(self) -> str:
        return next(c.value for c in self.cookies if c.name == "csrftoken")

    def request(self, path: str, data: bytes | None = None, headers: dict | None = None):
        request = urllib.request.Request(self.base + path, data=data, headers=headers or {})
        try:
            return self.opener.open(request, timeout=30)
        except urllib.error.HTTPError as error:
            return error

    def json(self, path: str) -> dict:
        return json.loads(self.request(path, headers={"Accept": "application/json"}).read())

    def log_in(self, username: str, password: str) -> None:
        form = self.request("/login/").read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
        data = urllib.parse.urlencode(
            {"username": username, "password": password, "csrfmiddlewaretoken": token}
        ).encode()
        response = self.request("/login/", data=data, headers={"Referer": self.base + "/login/"})
        assert response.status == 200 and not response.url.endswith("/login/"), response.url

    def upload(self, path: str, name: str, content: bytes, request_id: str):
        boundary = uuid.uuid4().hex
        disposition = f'form-data; name="file"; filename="{name}"'
        body = (
            (
                f"--{boundary}\r\nContent-Disposition: {disposition}\r\n"
                f"Content-Type: text/csv\r\n\r\n"
            ).encode()
            + content
            + f"\r\n--{boundary}--\r\n".encode()
        )
        return self.request(
            path,
            data=body,
            headers={
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "X-CSRFToken": self.csrf_token(),
                "Referer": self.base + "/",
                "Accept": "application/json",
                "X-Request-ID": request_id,
            },
        )


def test_it_serves_logs_in_processes_a_ledger_on_the_worker_and_stops_cleanly(
    scratch_database, broker, tmp_path
):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in NOT_INHERITED}
    env.update(
        BIN=str(Path(sys.executable).parent),
        HOST="127.0.0.1",
        PORT=str(port),
        WASTEWATCH_VAR_DIR=str(tmp_path / "var"),
        DATABASE_URL=scratch_database,
        CELERY_BROKER_URL=broker,
        **{f"CELERY_{queue.upper()}_CONCURRENCY": "1" for queue in QUEUES},
        WEB_CONCURRENCY="2",
        LOG_FORMAT="json",
    )
    log_path = tmp_path / "stack.log"
    stack = subprocess.Popen(
        ["bash", "scripts/serve.sh"],
        cwd=ROOT,
        env=env,
        stdout=log_path.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    processes: set[int] = set()
    try:
        web = Browser(base)

        def healthy():
            try:
                response = web.request("/healthz")
            except urllib.error.URLError:  # not listening yet
                return None
            return response.status == 200 and json.loads(response.read())

        health = wait_for(healthy, timeout=240)
        assert health, log_path.read_text()[-4000:]
        assert health["checks"] == {"database": "ok", "broker": "ok", "worker": "ok"}
        assert (tmp_path / "var" / "secret_key").stat().st_mode & 0o077 == 0
        processes = descendants(stack.pid)
        commands = " ".join(command_of(pid) for pid in processes)
        assert "gunicorn" in commands and "worker" in commands and "beat" in commands
        # One worker per queue, each listening on its own queue only.
        served = wait_for(lambda: queues_served(broker) == QUEUE_BY_NODE, timeout=120)
        assert served, (queues_served(broker), log_path.read_text()[-4000:])

        # Accounts and the registry, with the stack's own settings.
        manage = subprocess.run(
            ["bash", "scripts/serve.sh", "manage", "load_demo"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=180,
        )
        assert manage.returncode == 0, manage.stderr
        password = json.loads((tmp_path / "var" / "demo-credentials.json").read_text())[
            "operator-steel"
        ]

        web.log_in("operator-steel", password)
        page = web.request("/login/").read().decode()
        # Static files under content-hashed names, served with far-future caching.
        stylesheet = re.search(r'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', page)
        assert stylesheet, page[:2000]
        static = web.request(stylesheet.group(1))
        assert static.status == 200
        assert "immutable" in static.headers["Cache-Control"]

        enterprises = web.json("/api/v1/enterprises/?page_size=3")["results"]
        codes = [enterprise["credit_code"] for enterprise in enterprises]
        content = ledger_csv(
            ledger_rows(
                enterprises=codes,
                categories=["SW01", "SW02"],
                months=2,
                until=timezone.localdate().replace(day=1),
            )
        )
        upload_id = f"upload-{uuid.uuid4().hex}"
        response = web.upload("/api/v1/ledger-uploads/", "ledger.csv", content, upload_id)
        body = json.loads(response.read())
        assert response.status == 202, body
        assert response.headers["X-Request-ID"] == upload_id

        def finished():
            batch = web.json(f"/api/v1/ledger-uploads/{body['id']}/")
            return batch if batch["status"] not in ("received", "validating") else None

        batch = wait_for(finished, timeout=120)
        assert batch, log_path.read_text()[-4000:]
        assert batch["status"] == "ingested", batch
    finally:
        stack.send_signal(signal.SIGINT)  # what Ctrl-C sends
        try:
            stack.wait(timeout=60)
        finally:
            if stack.poll() is None:
                os.killpg(stack.pid, signal.SIGKILL)
    left = wait_for(lambda: not any(alive(pid) for pid in processes), timeout=30)
    assert left, [command_of(pid) for pid in processes if alive(pid)]
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", port), timeout=2):
        pass

    # Every process logged JSON lines with a time, a level, a logger and a request id, the
    # worker included, whose lines of the upload's task carry the upload request's id.
    # honcho's own lines ("system | SIGINT received") can land on the end of a process's line
    # being written as Ctrl-C arrives, so each record is read as the JSON object it starts with.
    records = []
    decoder = json.JSONDecoder()
    for line in log_path.read_text().splitlines():
        _, _, message = line.partition(" | ")
        if message.startswith("{"):
            records.append((line.split()[1], decoder.raw_decode(message)[0]))
    sources = {source.split(".")[0] for source, _ in records}
    assert {"web", "beat", *(f"worker_{queue}" for queue in QUEUES)} <= sources
    assert all({"time", "level", "logger", "request_id"} <= set(r) for _, r in records)
    task_lines = [r for _, r in records if "ledger_upload_process_task[" in r["message"]]
    assert task_lines, "the worker logged nothing about the upload's task"
    task_sources = {s for s, r in records if "ledger_upload_process_task[" in r["message"]}
    assert {source.split(".")[0] for source in task_sources} == {"worker_uploads"}
    in_task = [r for r in task_lines if r.get("task_id") and r["task_id"] in r["message"]]
    assert in_task, task_lines
    assert all(r["request_id"] == upload_id for r in in_task), in_task
    web_lines = [r for source, r in records if source.startswith("web")]
    assert any(r["request_id"] == upload_id for r in web_lines), "no access line of the upload"
