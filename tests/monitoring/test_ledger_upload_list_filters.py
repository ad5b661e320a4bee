"""The ledger uploads list: filtered by park and month (of the figures a file holds) and by
status, with one FilterSet for the portal and the API."""

import pytest

from monitoring.ledger.services import ledger_upload_process, upload_batch_create
from monitoring.ledger.synthetic import ledger_csv
from monitoring.models import UploadBatch

pytestmark = pytest.mark.django_db


def _upload(user, name: str, rows: list[list[str]]) -> UploadBatch:
    data = ledger_csv([*row, "t", "", ""] for row in rows)
    batch, _created = upload_batch_create(actor=user, name=name, data=data)
    ledger_upload_process(batch_id=batch.pk)
    batch.refresh_from_db()
    return batch


def _balanced(code: str, month: str) -> list[list[str]]:
    return [[code, month, "SW01", "产生", "10"], [code, month, "SW01", "期末贮存", "10"]]


@pytest.fixture
def uploads(catalogue, staff_admin, enterprise_a, enterprise_b):
    a, b = enterprise_a.credit_code, enterprise_b.credit_code
    batches = {
        "a_oct": _upload(staff_admin, "a-oct.csv", _balanced(a, "2026-10")),
        "b_nov": _upload(staff_admin, "b-nov.csv", _balanced(b, "2026-11")),
        "bad": _upload(staff_admin, "bad.csv", [[a, "2026-10", "SW99", "产生", "1"]]),
    }
    statuses = [batch.status for batch in batches.values()]
    assert statuses == ["ingested", "ingested", "rejected"], [b.errors for b in batches.values()]
    return batches


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["bad", "b_nov", "a_oct"]),
        ({"park": "PA"}, ["a_oct"]),
        ({"period": "2026-11"}, ["b_nov"]),
        ({"period": "2026-11", "park": "PA"}, []),
        ({"status": "rejected"}, ["bad"]),
    ],
)
def test_the_portal_list_filters(client, regulator, uploads, params, expected):
    client.force_login(regulator)
    response = client.get("/ledgers/", params)
    assert response.status_code == 200
    names = {batch.pk: key for key, batch in uploads.items()}
    assert [names[batch.pk] for batch in response.context["page"]] == expected


def test_the_api_filters_as_the_portal_does(api, regulator, uploads):
    api.force_authenticate(regulator)
    body = api.get("/api/v1/ledger-uploads/", {"park": "PB", "status": "ingested"}).json()
    assert [row["id"] for row in body["results"]] == [uploads["b_nov"].pk]
