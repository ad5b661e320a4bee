"""Reads from a PostgreSQL streaming replica (DATABASE_REPLICA_URL), writes on the primary.

Without a replica configured nothing here changes anything: every query goes to "default".
With one, reads go to the "replica" alias only where they were chosen to:

- the portal's pages: GET (and HEAD, OPTIONS) requests outside /api/ and /admin/
  (ReplicaReadsMiddleware). A request that writes reads the primary from its first write on,
  as do reads inside a transaction; and a browser that wrote (any POST, or a page that wrote)
  is pinned to the primary for DATABASE_REPLICA_PIN_SECONDS by a cookie, so that the page after
  an upload or a review shows it however far the replica lags. Other readers may see the
  replica's older state for as long as it lags.
- the jobs and exports that ask for it (`replica_reads()`, `replica_rows()`): report figures,
  raw downloads, detection's features. They never read older data than the primary's: before
  reading they wait for the replica to replay what the primary had written when they started,
  at most DATABASE_REPLICA_WAIT_SECONDS, then read the primary instead.

A replica that cannot be reached is left alone for DATABASE_REPLICA_RETRY_SECONDS: its reads go
to the primary meanwhile (logged as an error), so that the portal stays up without it.
Migrations run on the primary only; the replica copies them.
"""

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TypeVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, OperationalError, connections
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger(__name__)

REPLICA = "replica"
PIN_COOKIE = "wastewatch_primary_until"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
PRIMARY_ONLY_PATHS = ("/api/", "/admin/")  # API clients have no pin cookie; staff edit in admin
# The session says who the user is: the one written by a log-in must be read at once.
PRIMARY_ONLY_APPS = frozenset({"sessions"})
T = TypeVar("T")


@dataclass
class _Reads:
    """Where the reads of the current request or block go."""

    alias: str
    # A request's reads: to the primary from its first write on, and inside transactions.
    request: bool = False
    wrote: bool = False


_reads: ContextVar[_Reads | None] = ContextVar("wastewatch_reads", default=None)
_replica_down_until = 0.0  # time.monotonic() before which the replica is not tried again


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


class ReplicaRouter:
    """Writes and migrations on the primary; reads where the current request or block says."""

    def db_for_read(self, model, **hints) -> str:
        reads = _reads.get()
        if reads is None or reads.alias != REPLICA or model._meta.app_label in PRIMARY_ONLY_APPS:
            return DEFAULT_DB_ALIAS
        if reads.request and (reads.wrote or connections[DEFAULT_DB_ALIAS].in_atomic_block):
            return DEFAULT_DB_ALIAS
        return REPLICA if _replica_reachable() else DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints) -> str:
        reads = _reads.get()
        if reads is not None and model._meta.app_label not in PRIMARY_ONLY_APPS:
            reads.wrote = True
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        # Both hold the same data: an object read from the replica may be saved with the
        # primary's.
        return True

    def allow_migrate(self, db: str, app_label: str, **hints) -> bool:
        return db == DEFAULT_DB_ALIAS


def _replica_reachable() -> bool:
    """Connect to the replica (or find its connection alive); if that fails, leave it alone
    for DATABASE_REPLICA_RETRY_SECONDS."""
    global _replica_down_until
    if time.monotonic() < _replica_down_until:
        return False
    replica = connections[REPLICA]
    try:
        # A connection kept from an earlier request is checked first (once per request, as
        # CONN_HEALTH_CHECKS does anyway), so that a replica that went down meanwhile is
        # noticed here rather than by the query.
        replica.close_if_health_check_failed()
        replica.ensure_connection()
    except OperationalError as error:
        retry = settings.DATABASE_REPLICA_RETRY_SECONDS
        _replica_down_until = time.monotonic() + retry
        logger.error("read replica unreachable, reading from the primary for %ss: %s", retry, error)
        return False
    return True


def _caught_up_alias() -> str:
    """The replica once it has replayed everything the primary had written by now, or the
    primary if that takes longer than DATABASE_REPLICA_WAIT_SECONDS (or it cannot be reached)."""
    if not replica_configured() or not _replica_reachable():
        return DEFAULT_DB_ALIAS
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()")
        position = cursor.fetchone()[0]
    deadline = time.monotonic() + settings.DATABASE_REPLICA_WAIT_SECONDS
    with connections[REPLICA].cursor() as cursor:
        while True:
            cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [position])
            if cursor.fetchone()[0]:
                return REPLICA
            if time.monotonic() >= deadline:
                logger.warning(
                    "read replica still behind after %ss: reading from the primary",
                    settings.DATABASE_REPLICA_WAIT_SECONDS,
                )
                return DEFAULT_DB_ALIAS
            time.sleep(0.01)


@contextmanager
def replica_reads() -> Iterator[str]:
    """Reads in the block from the replica, as current as the primary was when it started
    (see _caught_up_alias), even inside a transaction; writes still go to the primary. Yields
    the alias read. For jobs whose reads do not depend on the block's own writes."""
    token = _reads.set(_Reads(alias=_caught_up_alias()))
    try:
        yield _reads.get().alias
    finally:
        _reads.reset(token)


def replica_rows(rows: Iterator[T]) -> Iterator[T]:
    """`rows` made with reads from the replica, and only while each row is made: for a
    response streamed after its request (and its middleware) is done. Lazy: the replica is
    chosen when the first row is asked for."""
    reads = _Reads(alias=_caught_up_alias())
    while True:
        token = _reads.set(reads)
        try:
            row = next(rows)
        except StopIteration:
            return
        finally:
            _reads.reset(token)
        yield row


def _pinned(request: HttpRequest) -> bool:
    try:
        return float(request.COOKIES.get(PIN_COOKIE, 0)) > time.time()
    except ValueError:
        return False


class ReplicaReadsMiddleware:
    """The portal's reads from the replica, except for a browser that recently wrote (see the
    module's note). Installed by settings only when DATABASE_REPLICA_URL is set."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        safe = request.method in SAFE_METHODS
        from_replica = (
            safe and not request.path_info.startswith(PRIMARY_ONLY_PATHS) and not _pinned(request)
        )
        reads = _Reads(alias=REPLICA if from_replica else DEFAULT_DB_ALIAS, request=True)
        token = _reads.set(reads)
        try:
            response = self.get_response(request)
        finally:
            _reads.reset(token)
        if not safe or reads.wrote:
            seconds = settings.DATABASE_REPLICA_PIN_SECONDS
            response.set_cookie(
                PIN_COOKIE,
                str(int(time.time()) + seconds),
                max_age=seconds,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
