"""Ledger uploads in the portal: upload, follow, read the report, confirm a correction."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from monitoring.models import LedgerEntry, UploadBatch
from tests.factories import EnterpriseFactory
from tests.monitoring.test_ledger_upload_api import BALANCED, CODE_A


@pytest.fixture
def portal(client, operator_a, park_a, catalogue, django_capture_on_commit_callbacks):
    EnterpriseFactory(park=park_a, credit_code=CODE_A)
    client.force_login(operator_a)

    def upload(content: bytes, name: str = "ledger.csv"):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post("/ledgers/", {"file": SimpleUploadedFile(name, content)})
        assert response.status_code == 302, response.content.decode()[:500]
        return client.get(response.url)

    client.upload = upload
    return client


@pytest.mark.smoke
def test_it_uploads_and_shows_the_ingested_batch(portal):
    page = portal.upload(BALANCED)
    batch = UploadBatch.objects.get()
    assert page.request["PATH_INFO"] == f"/ledgers/{batch.pk}/"
    html = page.content.decode()
    assert "Ingested" in html and "5 figures ingested." in html
    assert LedgerEntry.objects.count() == 5


def test_it_shows_the_row_by_row_report_of_a_rejected_file(portal):
    page = portal.upload(BALANCED.replace(b",t,\n", b",bags,\n", 1)).content.decode()
    assert "Rejected" in page
    assert "Unknown unit &#x27;bags&#x27;: use t, kg or 万吨." in page
    assert "errors.csv" in page
    assert not LedgerEntry.objects.exists()


def test_a_correction_is_listed_and_confirmed(portal):
    portal.upload(BALANCED)
    page = portal.upload(
        BALANCED.replace(b"52000", b"50000").replace(b"4200", b"6200"), name="v2.csv"
    ).content.decode()
    assert "Confirm the correction" in page
    assert "52000.000" in page and "50000.000" in page
    batch = UploadBatch.objects.get(original_name="v2.csv")
    done = portal.post(f"/ledgers/{batch.pk}/confirm/", follow=True).content.decode()
    assert "The correction was applied." in done
    assert LedgerEntry.objects.filter(superseded_at__isnull=False).count() == 2


def test_the_same_file_again_points_to_its_first_batch(portal):
    portal.upload(BALANCED)
    page = portal.upload(BALANCED, name="again.csv").content.decode()
    assert "This file was uploaded before" in page
    assert UploadBatch.objects.count() == 1


def test_another_operator_cannot_see_the_batch(portal, client, operator_b):
    portal.upload(BALANCED)
    batch = UploadBatch.objects.get()
    client.force_login(operator_b)
    assert client.get(f"/ledgers/{batch.pk}/").status_code == 404
    assert client.get(f"/ledgers/{batch.pk}/errors.csv").status_code == 404
    assert batch.original_name not in client.get("/ledgers/").content.decode()


def test_a_regulator_sees_uploads_but_has_no_upload_form(client, regulator, portal):
    portal.upload(BALANCED)
    client.force_login(regulator)
    page = client.get("/ledgers/").content.decode()
    assert "ledger.csv" in page
    assert 'type="file"' not in page


def test_the_templates_download_with_both_headers(portal):
    chinese = portal.get("/ledgers/template.xlsx?lang=zh-hans").content
    workbook = load_workbook(io.BytesIO(chinese))
    assert [c.value for c in workbook.worksheets[0][1]][:2] == ["统一社会信用代码", "期间"]
    english = load_workbook(io.BytesIO(portal.get("/ledgers/template.xlsx?lang=en").content))
    assert [c.value for c in english.worksheets[0][1]][:2] == ["credit_code", "period"]
    csv = portal.get("/ledgers/template.csv?lang=zh-hans").content.decode("utf-8-sig")
    assert csv.startswith("统一社会信用代码,期间,废物代码,台账项目,数量")
