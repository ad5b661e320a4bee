"""The same bytes uploaded by two people are two batches: deduplication never hands one
person's batch (errors, figures, name) to another, and a concurrent duplicate is no error."""

import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections, transaction

from monitoring.ledger.services import upload_batch_create
from monitoring.models import LedgerEntry, UploadBatch
from tests.factories import EnterpriseFactory

URL = "/api/v1/ledger-uploads/"
CODE_A = "91150204MA0N6X1C5G"
FILE = (
    "统一社会信用代码,期间,废物代码,流向,数量,单位\n"
    f"{CODE_A},2026-10,SW01,期初贮存,100,t\n"
    f"{CODE_A},2026-10,SW01,产生,50,t\n"
    f"{CODE_A},2026-10,SW01,期末贮存,150,t\n"
).encode()


def post(api, content: bytes, capture):
    with capture(execute=True):
        return api.post(URL, {"file": SimpleUploadedFile("l.csv", content)}, format="multipart")


@pytest.fixture
def enterprise(park_a, catalogue):
    return EnterpriseFactory(park=park_a, credit_code=CODE_A)


def test_it_gives_another_uploader_a_batch_of_their_own(
    api, operator_a, operator_b, enterprise_b, enterprise, django_capture_on_commit_callbacks
):
    api.force_authenticate(operator_a)
    first = post(api, FILE, django_capture_on_commit_callbacks).json()
    assert UploadBatch.objects.get(pk=first["id"]).status == "ingested"

    api.force_authenticate(operator_b)
    response = post(api, FILE, django_capture_on_commit_callbacks)
    assert response.status_code == 202
    body = response.json()
    assert body["id"] != first["id"]
    assert body["uploaded_by"] == "bob"
    assert "alice" not in response.content.decode()
    mine = api.get(f"{URL}{body['id']}/").json()
    # processed under Bob's rights: A's enterprise is not in his scope
    assert mine["status"] == "rejected"
    assert "91150204MA0N6X1C5G" in mine["errors"][0]["reason"]
    assert api.get(f"{URL}{first['id']}/").status_code == 404
    assert LedgerEntry.objects.filter(batch_id=body["id"]).count() == 0


def test_it_still_returns_the_uploaders_own_first_batch(
    api, operator_a, enterprise, django_capture_on_commit_callbacks
):
    api.force_authenticate(operator_a)
    first = post(api, FILE, django_capture_on_commit_callbacks)
    again = post(api, FILE, django_capture_on_commit_callbacks)
    assert (first.status_code, again.status_code) == (202, 200)
    assert again.json()["id"] == first.json()["id"]


@pytest.mark.django_db(transaction=True)
def test_it_answers_two_simultaneous_uploads_of_one_file_with_one_batch(operator_a, enterprise):
    """The first upload's transaction stays open until the second is blocked on the unique
    index; the second must then get the first's batch, not an IntegrityError."""
    first_inserted, release = threading.Event(), threading.Event()
    results: dict[str, object] = {}

    def run(name: str, hold: bool) -> None:
        try:
            if hold:
                with transaction.atomic():
                    results[name] = upload_batch_create(actor=operator_a, name="l.csv", data=FILE)
                    first_inserted.set()
                    release.wait(30)
            else:
                results[name] = upload_batch_create(actor=operator_a, name="l.csv", data=FILE)
        except Exception as exc:  # reported to the test below
            results[name] = exc
            first_inserted.set()
        finally:
            connections.close_all()

    first = threading.Thread(target=run, args=("first", True))
    first.start()
    assert first_inserted.wait(30)
    second = threading.Thread(target=run, args=("second", False))
    second.start()
    with connection.cursor() as cursor:  # wait until the second insert waits on the first
        for _attempt in range(3000):
            cursor.execute(
                "SELECT count(*) FROM pg_locks WHERE NOT granted AND pid IN "
                "(SELECT pid FROM pg_stat_activity WHERE datname = current_database())"
            )
            if cursor.fetchone()[0] or not second.is_alive():
                break
            threading.Event().wait(0.01)
    release.set()
    first.join(30)
    second.join(30)

    assert not isinstance(results["first"], Exception), results["first"]
    assert not isinstance(results["second"], Exception), results["second"]
    (batch_1, created_1), (batch_2, created_2) = results["first"], results["second"]
    assert (created_1, created_2) == (True, False)
    assert batch_2.pk == batch_1.pk
    assert UploadBatch.objects.count() == 1
