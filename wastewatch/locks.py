"""Locks for jobs that must not run twice at once, or not at the same time as each other.

PostgreSQL advisory locks rather than the cache: the cache is per process (local memory) unless
CACHE_URL is set, so `cache.add` would lock nothing between two workers; and a cache key either
outlives a worker that was killed (nothing runs until it expires) or expires while a slow job
still runs (the job runs twice). An advisory lock lives in the database every process shares,
and PostgreSQL releases it when its transaction or session ends, however the holder died.

Other databases (SpatiaLite: one machine; SQLite lets one writer at a time anyway) fall back to
the cache for singletons (shared between processes only with CACHE_URL) and need nothing for
the transaction locks.
"""

import hashlib
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection


class JobAlreadyRunning(Exception):
    """Another process holds the job's lock: this run does nothing."""

    def __init__(self, name: str) -> None:
        super().__init__(f"{name} is already running elsewhere; this run did nothing.")
        self.name = name


def lock_key(name: str) -> int:
    """A stable signed 64-bit key for a lock name (PostgreSQL's advisory lock space)."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)


@contextmanager
def job_singleton(name: str) -> Iterator[None]:
    """Hold `name`'s lock for the block, or raise JobAlreadyRunning at once when another
    process holds it. Inside a transaction the lock ends with it, otherwise with the block."""
    if connection.vendor != "postgresql":
        with _cache_singleton(name):
            yield
        return
    key = lock_key(f"job:{name}")
    in_transaction = connection.in_atomic_block
    function = "pg_try_advisory_xact_lock" if in_transaction else "pg_try_advisory_lock"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {function}(%s)", [key])
        if not cursor.fetchone()[0]:
            raise JobAlreadyRunning(name)
    try:
        yield
    finally:
        if not in_transaction:
            try:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
            except DatabaseError:
                # The connection is unusable (a query interrupted by a time limit is still
                # running on it): closing the session releases its locks too.
                connection.close()


@contextmanager
def _cache_singleton(name: str) -> Iterator[None]:
    key, token = f"job-singleton:{name}", uuid.uuid4().hex
    # Expires after the longest a job may run (its hard time limit), should its process die.
    if not cache.add(key, token, timeout=settings.JOBS_NIGHTLY_TIME_LIMIT):
        raise JobAlreadyRunning(name)
    try:
        yield
    finally:
        if cache.get(key) == token:
            cache.delete(key)


def advisory_xact_lock(name: str, *ids: int, shared: bool = False) -> None:
    """Wait (at most JOBS_LOCK_WAIT seconds, then OperationalError) for the lock of `name`, or
    of each of `ids` under `name` in ascending order, until the transaction ends. Shared
    holders only exclude exclusive ones. A no-op outside PostgreSQL."""
    if connection.vendor != "postgresql":
        return
    if not connection.in_atomic_block:
        raise RuntimeError("advisory_xact_lock needs a transaction (transaction.atomic).")
    function = "pg_advisory_xact_lock_shared" if shared else "pg_advisory_xact_lock"
    keys = sorted({lock_key(f"{name}:{i}") for i in ids}) if ids else [lock_key(name)]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('lock_timeout'), set_config('lock_timeout', %s, true)",
            [f"{settings.JOBS_LOCK_WAIT}s"],
        )
        previous = cursor.fetchone()[0]
        for key in keys:
            cursor.execute(f"SELECT {function}(%s)", [key])
        cursor.execute("SELECT set_config('lock_timeout', %s, true)", [previous])
