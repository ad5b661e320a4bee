"""Reads on a real PostgreSQL streaming replica (wastewatch.db_router), started by
`bash scripts/replica.sh test`: a throwaway primary holds the test database, a hot standby made
by pg_basebackup copies it, and the "replica" alias reads the same database there.

Which server answered is told by the queries each connection ran and by what each server
holds while the replica's replay is paused; nothing is mocked."""

import subprocess
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import date
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import close_old_connections, connections
from django.test import Client
from django.test.utils import CaptureQueriesContext

from detection.models import Flag
from detection.services import flags_score
from reports.services import report_issue
from tests.factories import EnterpriseFactory, UserFactory
from tests.monitoring.test_ledger_upload_api import BALANCED, CODE_A
from wastewatch.db_router import PIN_COOKIE, replica_reads
from wastewatch.roles import REGULATOR_GROUP

if "replica" not in settings.DATABASES:
    pytest.skip(
        "needs DATABASE_REPLICA_URL: run `bash scripts/replica.sh test`", allow_module_level=True
    )

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, databases=["default", "replica"]),
]
ROOT = Path(__file__).resolve().parents[2]


def in_recovery(alias: str) -> bool:
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        return cursor.fetchone()[0]


def caught_up() -> None:
    """Until the replica has replayed all the primary wrote."""
    with replica_reads() as alias:
        assert alias == "replica"


@contextmanager
def queries(*aliases: str) -> Iterator[dict[str, list[str]]]:
    """The SQL each server ran in the block, by alias (default: both)."""
    with ExitStack() as stack:
        captured = {
            alias: stack.enter_context(CaptureQueriesContext(connections[alias]))
            for alias in aliases or ("default", "replica")
        }
        ran: dict[str, list[str]] = {}
        yield ran
    ran.update(
        {alias: [q["sql"] for q in each.captured_queries] for alias, each in captured.items()}
    )


def touching(sql: list[str], table: str) -> list[str]:
    """The statements that read or write `table` itself (not joined in)."""
    marks = (f'FROM "{table}"', f'INTO "{table}"', f'UPDATE "{table}"')
    return [statement for statement in sql if any(mark in statement for mark in marks)]


@contextmanager
def replay_paused() -> Iterator[None]:
    with connections["replica"].cursor() as cursor:
        cursor.execute("SELECT pg_wal_replay_pause()")
    try:
        yield
    finally:
        with connections["replica"].cursor() as cursor:
            cursor.execute("SELECT pg_wal_replay_resume()")


@pytest.fixture
def reviewer(regulator):
    """The regulator, logged in, with the replica holding everything written so far."""
    client = Client()
    client.force_login(regulator)
    caught_up()
    return client


@pytest.fixture
def colleague(db):
    """Another regulator, logged in: a reader who wrote nothing."""
    user = UserFactory(username="colin")
    user.groups.add(Group.objects.get_or_create(name=REGULATOR_GROUP)[0])
    client = Client()
    client.force_login(user)
    caught_up()
    return client


def test_the_two_aliases_are_a_primary_and_its_hot_standby():
    assert not in_recovery("default")
    assert in_recovery("replica")
    assert (
        connections["replica"].settings_dict["NAME"] == connections["default"].settings_dict["NAME"]
    )


def test_a_portal_page_reads_the_replica(reviewer, flag_a):
    with queries() as ran:
        response = reviewer.get(f"/flags/{flag_a.pk}/")
    assert response.status_code == 200
    assert touching(ran["replica"], "detection_flag")
    assert not touching(ran["default"], "detection_flag")
    assert PIN_COOKIE not in response.cookies  # nothing written: nothing pinned


def test_a_review_and_the_page_after_it_are_on_the_primary(reviewer, flag_a):
    with queries() as ran:
        response = reviewer.post(f"/flags/{flag_a.pk}/review/", {"status": "confirmed"})
        page = reviewer.get(response.url)
    assert response.status_code == 302 and page.status_code == 200
    assert response.cookies[PIN_COOKIE]["max-age"] == settings.DATABASE_REPLICA_PIN_SECONDS
    assert touching(ran["default"], "detection_flag")
    assert not touching(ran["replica"], "detection_flag")


def test_an_upload_and_its_report_right_after_are_on_the_primary(
    client, operator_a, park_a, catalogue
):
    EnterpriseFactory(park=park_a, credit_code=CODE_A)
    client.force_login(operator_a)
    caught_up()
    with queries() as ran:
        response = client.post("/ledgers/", {"file": SimpleUploadedFile("l.csv", BALANCED)})
        page = client.get(response.url)
    assert response.status_code == 302, response.content.decode()[:500]
    assert "5 figures ingested." in page.content.decode()
    assert touching(ran["default"], "monitoring_uploadbatch")
    assert not touching(ran["replica"], "monitoring_uploadbatch")


def test_while_the_replica_lags_the_writer_sees_the_write_and_others_the_older_state(
    reviewer, colleague, flag_a
):
    note = "Site visit booked for Monday."
    with replay_paused():
        response = reviewer.post(
            f"/flags/{flag_a.pk}/review/", {"status": "confirmed", "note": note}
        )
        assert response.status_code == 302
        assert note in reviewer.get(f"/flags/{flag_a.pk}/").content.decode()  # pinned: primary
        assert note not in colleague.get(f"/flags/{flag_a.pk}/").content.decode()  # replica
        # Once the pin has run out, the writer reads the replica too, as far as it got.
        later = settings.DATABASE_REPLICA_PIN_SECONDS + 1
        with time_machine.travel(time.time() + later, tick=False):
            assert note not in reviewer.get(f"/flags/{flag_a.pk}/").content.decode()
    caught_up()
    assert note in colleague.get(f"/flags/{flag_a.pk}/").content.decode()


def test_a_job_never_reads_older_data_than_the_primary_holds(settings, flag_a):
    settings.DATABASE_REPLICA_WAIT_SECONDS = 0  # replay is paused: waiting would not help
    caught_up()
    with replay_paused():
        flag_a.review_note = "changed while the replica is paused"
        flag_a.save()
        with replica_reads() as alias:
            assert alias == "default"
            assert Flag.objects.get(pk=flag_a.pk).review_note == flag_a.review_note
    caught_up()


def test_the_raw_download_streams_from_the_replica(reviewer, flag_a):
    with queries() as ran:
        response = reviewer.get(
            "/reports/raw/", {"kind": "flags", "from": "2026-10", "to": "2026-10"}
        )
        body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert response.status_code == 200
    assert flag_a.enterprise.credit_code in body
    assert touching(ran["replica"], "detection_flag")
    assert not touching(ran["default"], "detection_flag")
    assert touching(ran["default"], "reports_rawdownload")  # the log, written on the primary


def test_report_figures_and_detection_features_read_the_replica(ledger_city):
    caught_up()
    with queries() as ran:
        issued = report_issue(park=None, period=date(2026, 1, 1))
    assert issued.created
    assert touching(ran["replica"], "monitoring_ledgerentry")
    assert not touching(ran["default"], "monitoring_ledgerentry")
    assert touching(ran["default"], "reports_compliancereport")

    with queries() as ran:
        flags_score()
    assert touching(ran["replica"], "monitoring_ledgerentry")
    assert not touching(ran["default"], "monitoring_ledgerentry")
    assert not touching(ran["replica"], "detection_flag")


def test_with_the_replica_down_reads_fall_back_to_the_primary(settings, reviewer, flag_a, caplog):
    settings.DATABASE_REPLICA_RETRY_SECONDS = 0  # try it again at every read
    replica = ["bash", str(ROOT / "scripts" / "replica.sh")]
    subprocess.run([*replica, "replica-stop"], check=True)
    try:
        close_old_connections()  # as at every request's start: the kept one is checked again
        with queries("default") as ran:
            response = reviewer.get(f"/flags/{flag_a.pk}/")
        assert response.status_code == 200
        assert touching(ran["default"], "detection_flag")
        assert "read replica unreachable, reading from the primary" in caplog.text
    finally:
        subprocess.run([*replica, "replica-start"], check=True)
    assert in_recovery("replica")
    with queries() as ran:
        reviewer.get(f"/flags/{flag_a.pk}/")
    assert touching(ran["replica"], "detection_flag")
