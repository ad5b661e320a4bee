"""Ledger and economic-figure uploads refuse an over-size file by its size, before reading
it: 413 in the API's error shape with the limit named, and no batch or figure stored."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from monitoring.models import UploadBatch
from parks.models import EconomicFigure
from tests.factories import EnterpriseFactory

BIG = b"\xef\xbb\xbf" + b"x" * (2 * 2**20)


def big_file(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, BIG)


def assert_too_large(response, limit: int) -> None:
    assert response.status_code == 413, response.content
    body = response.json()
    assert body["code"] == "file_too_large"
    assert body["extra"]["limit_bytes"] == limit
    assert "1 MB" in body["message"]


@pytest.mark.parametrize("name", ["ledger.csv", "ledger.xlsx"])
def test_it_refuses_an_over_size_ledger_with_413(api, operator_a, park_a, settings, name):
    settings.LEDGER_UPLOAD_MAX_BYTES = 2**20
    EnterpriseFactory(park=park_a)
    api.force_authenticate(operator_a)
    response = api.post("/api/v1/ledger-uploads/", {"file": big_file(name)}, format="multipart")
    assert_too_large(response, 2**20)
    assert not UploadBatch.objects.exists()


def test_it_refuses_an_over_size_ledger_on_the_portal(client, operator_a, park_a, settings):
    settings.LEDGER_UPLOAD_MAX_BYTES = 2**20
    EnterpriseFactory(park=park_a)
    client.force_login(operator_a)
    response = client.post("/ledgers/", {"file": big_file("l.csv")}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "larger than the limit of 1 MB" in response.content.decode()
    assert not UploadBatch.objects.exists()


def test_it_refuses_over_size_economic_figures_with_413(api, operator_a, enterprise_a, settings):
    settings.TABLE_UPLOAD_MAX_BYTES = 2**20
    api.force_authenticate(operator_a)
    response = api.post(
        "/api/v1/economic-figures/upload/", {"file": big_file("f.csv")}, format="multipart"
    )
    assert_too_large(response, 2**20)
    assert not EconomicFigure.objects.exists()
