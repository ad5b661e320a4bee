"""Two scorings of the same new flag at once (an upload's and the nightly one), on PostgreSQL
with real connections: both finish, the flag exists once, and neither loses its work."""

import threading
from datetime import date

import pytest
from django.db import connection, connections, transaction

from detection.models import Flag
from detection.services import flags_score
from tests.factories import measured_gap

OCT = date(2026, 10, 1)


@pytest.fixture
def gap(transactional_db, enterprise_a, catalogue):
    """1,200 t reported, 640 t weighed: one new measured_vs_reported flag to create."""
    if connection.vendor != "postgresql":
        pytest.skip("concurrent connections need PostgreSQL")
    measured_gap(enterprise_a)
    return enterprise_a


def _waiting(count: int) -> bool:
    """Whether `count` sessions of this database wait for a lock."""
    with connections["default"].cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_locks WHERE NOT granted AND database = "
            "(SELECT oid FROM pg_database WHERE datname = current_database())"
        )
        return cursor.fetchone()[0] >= count


def _run_together(*jobs) -> list:
    """Run each job in its own thread (own connection) while the flag table is held in SHARE
    mode, so that every job gets past its reads and stops at its first write or lock; then let
    them all go at once. Returns each job's result or exception."""
    results: list = [None] * len(jobs)

    def run(index, job):
        try:
            results[index] = job()
        except Exception as error:  # reported to the test, not lost in the thread
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("LOCK TABLE detection_flag IN SHARE MODE")
        for thread in threads:
            thread.start()
        deadline = threading.Event()
        for _ in range(600):
            if _waiting(len(jobs)):
                break
            deadline.wait(0.05)
        else:
            pytest.fail("the scorings never reached their writes")
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_it_scores_the_same_new_flag_twice_at_once_without_losing_either(gap):
    upload = lambda: flags_score(  # noqa: E731
        since=date(2026, 1, 1), today=date(2026, 11, 20), enterprise_ids=[gap.pk]
    )
    nightly = lambda: flags_score(since=date(2026, 1, 1), today=date(2026, 11, 20))  # noqa: E731
    results = _run_together(upload, nightly)
    errors = [r for r in results if isinstance(r, Exception)]
    assert not errors, errors
    flag = Flag.objects.get()
    assert (flag.kind, flag.enterprise_id, flag.status) == ("measured_vs_reported", gap.pk, "open")
    created = sorted(r.created for r in results)
    assert created[-1] == 1  # one created it; the other found it (or updated it in place)


def test_it_scores_two_uploads_of_the_same_enterprise_at_once(gap):
    def upload():
        return flags_score(
            since=date(2026, 1, 1), today=date(2026, 11, 20), enterprise_ids=[gap.pk]
        )

    results = _run_together(upload, upload)
    assert not [r for r in results if isinstance(r, Exception)], results
    assert Flag.objects.count() == 1
    assert Flag.objects.get().reviews.count() == 0


def test_it_gives_up_waiting_for_another_scoring_after_jobs_lock_wait(gap, settings):
    """The task then retries (autoretry on OperationalError) instead of waiting without end."""
    from django.db import OperationalError

    from wastewatch.locks import lock_key

    settings.JOBS_LOCK_WAIT = 1
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:  # another scoring of the same enterprise, still going
            cursor.execute(
                "SELECT pg_advisory_lock(%s)", [lock_key(f"flags-score-enterprise:{gap.pk}")]
            )
        with pytest.raises(OperationalError, match="lock timeout"):
            flags_score(since=date(2026, 1, 1), today=date(2026, 11, 20), enterprise_ids=[gap.pk])
        assert not Flag.objects.exists()
    finally:
        other.close()
