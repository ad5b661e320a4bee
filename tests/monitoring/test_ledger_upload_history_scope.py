"""The upload history follows the portal's scope: a park operator reads the uploads for their
park's enterprises (their colleagues' too), an enterprise user those for their enterprise; an
operator of another park does not even learn they exist. Confirming a correction and the file
as it was sent stay with its uploader."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from monitoring.models import UploadBatch
from tests.factories import (
    EnterpriseFactory,
    EnterpriseMembershipFactory,
    ParkMembershipFactory,
    UserFactory,
)
from tests.monitoring.test_ledger_upload_api import BALANCED, CODE_A


@pytest.fixture
def colleague(park_a):
    """A second operator of park A."""
    return ParkMembershipFactory(user=UserFactory(username="carol"), park=park_a).user


@pytest.fixture
def enterprise(park_a, catalogue):
    return EnterpriseFactory(park=park_a, credit_code=CODE_A)


@pytest.fixture
def upload(client, django_capture_on_commit_callbacks):
    def send(user, content: bytes = BALANCED, name: str = "ledger.csv") -> UploadBatch:
        client.force_login(user)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post("/ledgers/", {"file": SimpleUploadedFile(name, content)})
        assert response.status_code == 302, response.content.decode()[:500]
        return UploadBatch.objects.get(uploaded_by=user, original_name=name)

    return send


def test_two_operators_of_one_park_read_each_others_uploads(
    client, upload, operator_a, colleague, enterprise
):
    alices = upload(operator_a, name="alice.csv")
    carols = upload(colleague, name="carol.csv")

    listed = client.get("/ledgers/").content.decode()  # as Carol
    assert "alice.csv" in listed and "carol.csv" in listed
    page = client.get(f"/ledgers/{alices.pk}/")
    assert page.status_code == 200 and "5 figures ingested." in page.content.decode()

    client.force_login(operator_a)
    assert "carol.csv" in client.get("/ledgers/").content.decode()
    assert client.get(f"/ledgers/{carols.pk}/").status_code == 200


def test_an_operator_of_another_park_neither_lists_nor_opens_them(
    client, upload, operator_a, operator_b, enterprise
):
    batch = upload(operator_a, name="alice.csv")
    client.force_login(operator_b)
    assert "alice.csv" not in client.get("/ledgers/").content.decode()
    for url in (
        f"/ledgers/{batch.pk}/",
        f"/ledgers/{batch.pk}/progress/",
        f"/ledgers/{batch.pk}/errors.csv",
        f"/files/ledger-uploads/{batch.pk}/",
        f"/api/v1/ledger-uploads/{batch.pk}/",
    ):
        assert client.get(url).status_code == 404, url


def test_an_enterprise_user_reads_the_uploads_for_their_enterprise_only(
    client, upload, operator_a, park_a, enterprise
):
    own = EnterpriseMembershipFactory(user=UserFactory(username="erin"), enterprise=enterprise)
    other = EnterpriseFactory(park=park_a)
    neighbour = EnterpriseMembershipFactory(user=UserFactory(username="finn"), enterprise=other)
    erins = upload(own.user, name="erin.csv")
    finns = upload(neighbour.user, name="finn.csv")
    operators = upload(operator_a, name="alice.csv")

    client.force_login(own.user)
    assert client.get(f"/ledgers/{erins.pk}/").status_code == 200
    # a neighbour's upload, and the operator's (which may hold any enterprise of the park)
    assert client.get(f"/ledgers/{finns.pk}/").status_code == 404
    assert client.get(f"/ledgers/{operators.pk}/").status_code == 404

    client.force_login(operator_a)
    listed = client.get("/ledgers/").content.decode()
    assert "erin.csv" in listed and "finn.csv" in listed


def test_an_operator_of_two_parks_is_read_only_by_those_who_read_both(
    client, upload, operator_a, colleague, park_b, enterprise
):
    ParkMembershipFactory(user=colleague, park=park_b)
    batch = upload(colleague, name="carol.csv")
    client.force_login(operator_a)
    assert client.get(f"/ledgers/{batch.pk}/").status_code == 404


def test_only_the_uploader_confirms_a_correction_or_downloads_the_file(
    client, upload, operator_a, colleague, enterprise
):
    upload(operator_a)
    correction = upload(
        operator_a,
        BALANCED.replace(b"52000", b"50000").replace(b"4200", b"6200"),
        name="v2.csv",
    )
    assert correction.status == UploadBatch.Status.AWAITING_CONFIRMATION
    page = client.get(f"/ledgers/{correction.pk}/").content.decode()
    assert "Confirm the correction" in page and f"/files/ledger-uploads/{correction.pk}/" in page

    client.force_login(colleague)
    page = client.get(f"/ledgers/{correction.pk}/").content.decode()
    assert "50000.000" in page
    assert "Confirm the correction" not in page
    assert "Only the person who uploaded the file can confirm it." in page
    assert f"/files/ledger-uploads/{correction.pk}/" not in page
    assert client.get(f"/files/ledger-uploads/{correction.pk}/").status_code == 404
    client.post(f"/ledgers/{correction.pk}/confirm/")
    correction.refresh_from_db()
    assert correction.status == UploadBatch.Status.AWAITING_CONFIRMATION
