"""A real Celery worker over a real Redis for the tests that need one: the broker switched on
for this process (and off again), a worker started as a separate process on the test
database, and a poll for what it does."""

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest
from django.db import connection

from wastewatch.celery import app

ROOT = Path(__file__).resolve().parents[2]


def broker_in_use(url: str, transport_options: dict | None = None) -> Iterator:
    """Queue this process's tasks on `url` (a Redis database emptied before and after);
    yields the Redis client. Use from a fixture that holds `transactional_db`."""
    if connection.vendor != "postgresql":
        pytest.skip("the worker, another process, needs the PostgreSQL test database")
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url(url)
    client.flushdb()
    drop_connections()  # a pool made earlier in this process would still point elsewhere
    options = {"broker_transport_options": transport_options} if transport_options else {}
    app.conf.update(task_always_eager=False, broker_url=url, **options)
    yield client
    drop_connections()
    app.conf.update(task_always_eager=True, broker_url=None)
    client.flushdb()


def drop_connections() -> None:
    from kombu import pools

    if app._pool is not None:
        app._pool.force_close_all()
    app._after_fork()  # Celery's own reset of its connection and producer pools
    pools.reset()  # kombu's producer pools, keyed by broker URL


def start_worker(
    log: Path,
    *,
    broker: str,
    env: dict[str, str],
    pool: str = "solo",
    queues: Sequence[str] = (),
    name: str = "",
) -> subprocess.Popen:
    """A worker process on the test database and `broker`, its output in `log`; it serves
    `queues` (every queue when empty) under the node name `name`@host (celery@host when empty)."""
    database = connection.settings_dict
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": f"postgis://{database['USER']}:{database['PASSWORD']}@"
        f"{database['HOST']}:{database['PORT']}/{database['NAME']}",
        "CELERY_BROKER_URL": broker,
        **env,
    }
    concurrency = ["--concurrency", "1"] if pool == "prefork" else []
    serving = ["--queues", ",".join(queues)] if queues else []
    node = ["--hostname", f"{name}@%h"] if name else []
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "wastewatch", "worker", "--pool", pool,
         *concurrency, *serving, *node, "--loglevel", "info", "--without-heartbeat",
         "--without-gossip", "--without-mingle"],
        cwd=ROOT, env=environment, stdout=log.open("w"), stderr=subprocess.STDOUT,
    )  # fmt: skip


def wait_for(predicate: Callable[[], bool], timeout: float, step: float = 0.2) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return False


def other_connection(*, autocommit: bool = False):
    """A second connection to the test database, as another process would hold one."""
    import psycopg

    settings = connection.settings_dict
    return psycopg.connect(
        host=settings["HOST"], port=settings["PORT"], user=settings["USER"],
        password=settings["PASSWORD"], dbname=settings["NAME"], autocommit=autocommit,
    )  # fmt: skip
