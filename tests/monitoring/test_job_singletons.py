"""The nightly and monthly jobs run alone: while one run holds its lock (in another process,
here another connection), a second run of the command refuses and the task does nothing."""

import logging
from contextlib import ExitStack

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from detection.models import Flag
from detection.tasks import detector_train_task, flags_score_task
from monitoring.tasks import ticket_rollups_refresh_task
from tests.factories import measured_gap
from wastewatch.locks import job_singleton, lock_key


@pytest.fixture
def other_process(db):
    """Another session of the same database, as a second worker or a shell would hold it (on
    SpatiaLite, where the lock is the cache's, a run held open in this process)."""
    if connection.vendor != "postgresql":
        with ExitStack() as runs:
            yield lambda job: runs.enter_context(job_singleton(job))
        return
    s = connection.settings_dict
    with psycopg.connect(
        host=s["HOST"],
        port=s["PORT"],
        user=s["USER"],
        password=s["PASSWORD"],
        dbname=s["NAME"],
        autocommit=True,
    ) as other:

        def hold(job: str) -> None:
            other.execute("SELECT pg_advisory_lock(%s)", [lock_key(f"job:{job}")])

        yield hold


@pytest.fixture
def gap(enterprise_a, catalogue):
    measured_gap(enterprise_a)


@pytest.mark.parametrize(
    "command, job",
    [
        ("score_flags", "score-flags"),
        ("refresh_ticket_rollups", "refresh-ticket-rollups"),
        ("train_detector", "train-detector"),
    ],
)
def test_it_refuses_a_second_run_of_a_nightly_command(other_process, command, job):
    other_process(job)
    with pytest.raises(CommandError, match="already running"):
        call_command(command)


def test_it_makes_the_nightly_task_do_nothing_while_another_run_holds_its_lock(
    other_process, gap, caplog
):
    for job in ("score-flags", "refresh-ticket-rollups", "train-detector"):
        other_process(job)
    with caplog.at_level(logging.WARNING, logger="monitoring.tasks"):
        flags_score_task.apply().get()
        ticket_rollups_refresh_task.apply().get()
        detector_train_task.apply().get()
    assert not Flag.objects.exists()
    for job in ("score-flags", "refresh-ticket-rollups", "train-detector"):
        assert f"{job} is already running" in caplog.text


def test_it_scores_after_an_upload_even_while_the_nightly_job_is_locked(
    fixed_clock, other_process, gap, enterprise_a
):
    other_process("score-flags")  # the singleton is the nightly run's, not the upload's
    flags_score_task.apply(args=[[enterprise_a.pk]]).get()
    assert Flag.objects.count() == 1
