"""Ledger uploads through the API: accepted whole, or rejected whole with the report."""

import pytest

from monitoring.models import LedgerEntry, UploadBatch
from tests.factories import EnterpriseFactory

URL = "/api/v1/ledger-uploads/"
CODE_A = "91150204MA0N6X1C5G"
HEADER = "统一社会信用代码,期间,废物代码,流向,数量,单位,对方单位信用代码\n"


def ledger(*rows: str) -> bytes:
    return (HEADER + "".join(f"{row}\n" for row in rows)).encode("utf-8")


BALANCED = ledger(
    f"{CODE_A},2026-10,SW01,期初贮存,1200,t,",
    f"{CODE_A},2026-10,SW01,产生,8.5,万吨,",
    f"{CODE_A},2026-10,SW01,自行利用,52000,t,",
    f"{CODE_A},2026-10,SW01,委外转移,30000000,kg,91150207MA0N2B3C43",
    f"{CODE_A},2026-10,SW01,期末贮存,4200,t,",
)


@pytest.fixture
def uploader(api, operator_a, park_a, catalogue):
    EnterpriseFactory(park=park_a, credit_code=CODE_A)
    api.force_authenticate(operator_a)
    return api


@pytest.fixture
def upload(django_capture_on_commit_callbacks):
    """Post a file; the processing task runs when the upload commits, as in production."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    def post(api, content: bytes, name: str = "ledger.csv"):
        with django_capture_on_commit_callbacks(execute=True):
            response = api.post(
                URL, {"file": SimpleUploadedFile(name, content)}, format="multipart"
            )
        if response.status_code in (200, 202):
            return api.get(f"{URL}{response.json()['id']}/")
        return response

    return post


@pytest.mark.smoke
def test_it_ingests_a_balanced_ledger_with_units_converted(uploader, upload):
    response = upload(uploader, BALANCED)
    assert response.status_code == 200, response.json()
    batch = UploadBatch.objects.get()
    assert batch.status == "ingested", (batch.message, batch.errors)
    assert batch.rows_ingested == 5
    quantities = dict(LedgerEntry.objects.values_list("flow", "quantity_t"))
    assert str(quantities["generated"]) == "85000.000"
    assert str(quantities["transferred_out"]) == "30000.000"


def test_the_same_file_twice_points_to_the_first_batch(uploader, upload):
    first = upload(uploader, BALANCED).json()
    with_same_bytes = upload(uploader, BALANCED, name="copy.csv")
    assert with_same_bytes.json()["id"] == first["id"]
    assert UploadBatch.objects.count() == 1
    assert LedgerEntry.objects.count() == 5


def test_a_bad_row_rejects_the_whole_file_with_its_report(uploader, upload):
    content = BALANCED.replace(b"SW01,\xe8\x87\xaa\xe8\xa1\x8c", b"SW99,\xe8\x87\xaa\xe8\xa1\x8c")
    body = upload(uploader, content).json()
    assert body["status"] == "rejected"
    assert body["errors"][0]["row"] == 4
    assert body["errors"][0]["column"] == "waste_code (废物代码)"
    assert not LedgerEntry.objects.exists()
    report = uploader.get(f"{URL}{body['id']}/error-report/")
    assert report.status_code == 200
    assert "Unknown waste code 'SW99'" in report.content.decode("utf-8-sig")


def test_a_correction_waits_for_confirmation_and_supersedes(uploader, upload):
    upload(uploader, BALANCED)
    corrected = BALANCED.replace(b"52000", b"50000").replace(b"4200", b"6200")
    body = upload(uploader, corrected, name="corrected.csv").json()
    assert body["status"] == "awaiting_confirmation"
    changes = {(c["flow"], c["old"], c["new"]) for c in body["changes"]}
    assert changes == {
        ("utilised", "52000.000", "50000.000"),
        ("closing_stock", "4200.000", "6200.000"),
    }
    assert LedgerEntry.objects.filter(superseded_at__isnull=True).count() == 5
    confirmed = uploader.post(f"{URL}{body['id']}/confirm/").json()
    assert confirmed["status"] == "ingested"
    history = uploader.get(
        "/api/v1/ledger-entries/", {"flow": "utilised", "include_superseded": "true"}
    ).json()["results"]
    assert sorted(e["quantity_t"] for e in history) == ["50000.000", "52000.000"]
    assert LedgerEntry.objects.filter(superseded_at__isnull=True).count() == 5
    again = uploader.post(f"{URL}{body['id']}/confirm/")
    assert again.status_code == 400


def test_the_report_speaks_the_uploaders_language(uploader, upload):
    uploader.credentials(HTTP_ACCEPT_LANGUAGE="zh-hans")
    content = BALANCED.replace(b",t,\n", b",bags,\n", 1)
    body = upload(uploader, content).json()
    reason = "无法识别的单位 'bags'：请填写 t（吨）、kg（千克）或 万吨。"
    assert body["errors"][0]["reason"] == reason


def test_an_ingested_ledger_is_scored_at_once(fixed_clock, uploader, upload):
    from datetime import date

    from detection.models import Flag
    from monitoring.models import TicketRollup, WasteCategory
    from parks.models import Enterprise

    TicketRollup.objects.create(
        enterprise=Enterprise.objects.get(credit_code=CODE_A),
        category=WasteCategory.objects.get(code="SW01"),
        direction="out",
        day=date(2026, 10, 20),
        tickets=500,
        net_t=16000,
    )
    upload(uploader, BALANCED)
    flag = Flag.objects.get(kind="measured_vs_reported")  # later months may be due, too
    assert (flag.kind, flag.reasons[0]["reported_t"], flag.reasons[0]["measured_t"]) == (
        "measured_vs_reported",
        "30000.000",
        "16000.000",
    )
