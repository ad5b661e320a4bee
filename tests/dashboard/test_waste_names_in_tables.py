"""Tables name a waste, not only its code: the category's name in the reader's language next to
its code (SW01 冶炼废渣 / Smelting slag) and the eight-digit code where one is given."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from monitoring.models import UploadBatch
from tests.factories import EnterpriseFactory, ManifestFactory
from tests.monitoring.test_ledger_upload_api import BALANCED, CODE_A

SLAG = {"en": "SW01 Smelting slag", "zh-hans": "SW01 冶炼废渣"}
METALS = {
    "en": "HW48 <code>321-024-48</code> Non-ferrous metal mining",
    "zh-hans": "HW48 <code>321-024-48</code> 有色金属采选和冶炼废物",
}


@pytest.fixture
def wastes(flag_a, enterprise_a):
    ManifestFactory(generator=enterprise_a, number="M1")
    return flag_a


def page(client, url: str, language: str) -> str:
    client.cookies["django_language"] = language
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_flags_and_manifests_name_their_waste(client, regulator, wastes, language):
    client.force_login(regulator)
    assert SLAG[language] in page(client, "/flags/", language)
    assert SLAG[language] in page(client, f"/flags/{wastes.pk}/", language)
    assert METALS[language] in page(client, "/manifests/", language)
    enterprise = page(client, f"/enterprises/{wastes.enterprise.credit_code}/", language)
    assert SLAG[language] in enterprise and METALS[language] in enterprise


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_corrections_figures_name_their_waste(
    client, operator_a, park_a, catalogue, django_capture_on_commit_callbacks, language
):
    EnterpriseFactory(park=park_a, credit_code=CODE_A)
    client.force_login(operator_a)
    corrected = BALANCED.replace(b"52000", b"50000").replace(b"4200", b"6200")
    for name, content in (("v1.csv", BALANCED), ("v2.csv", corrected)):
        with django_capture_on_commit_callbacks(execute=True):
            client.post("/ledgers/", {"file": SimpleUploadedFile(name, content)})
    batch = UploadBatch.objects.get(original_name="v2.csv")
    assert batch.status == UploadBatch.Status.AWAITING_CONFIRMATION
    assert SLAG[language] in page(client, f"/ledgers/{batch.pk}/", language)

    client.post(f"/ledgers/{batch.pk}/confirm/")
    corrections = page(client, f"/enterprises/{CODE_A}/", language)
    assert SLAG[language] in corrections.split("By upload")[-1].split("</table>")[0]
