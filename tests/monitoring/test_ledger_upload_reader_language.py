"""An upload's report is stored as message codes and shown in the reader's language: a file
checked for a Chinese-speaking operator reads in English for an English-speaking regulator
(page, API, error CSV), and the reverse; reports stored as text before codes still show."""

import csv
import importlib
import io

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile

from monitoring.models import UploadBatch
from tests.factories import EnterpriseFactory
from tests.monitoring.ledger_upload_helpers import BALANCED, CODE_A, HEADER, rows_csv

BAD_UNIT = [
    [CODE_A, "2026-10", "SW01", "期初贮存", "100", "bags"],
    [CODE_A, "2026-10", "SW01", "产生", "50", "t"],
]


@pytest.fixture
def upload(client, park_a, catalogue, fixed_clock, django_capture_on_commit_callbacks):
    """Upload a file through the portal as `user`, in `language`; the batch once processed."""
    EnterpriseFactory(park=park_a, credit_code=CODE_A)

    def post(user, language: str, rows: list[list[str]], header=HEADER) -> UploadBatch:
        client.force_login(user)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                "/ledgers/",
                {"file": SimpleUploadedFile("ledger.csv", rows_csv(rows, header))},
                HTTP_ACCEPT_LANGUAGE=language,
            )
        client.logout()
        return UploadBatch.objects.filter(uploaded_by=user).first()

    return post


def _page(client, user, batch: UploadBatch, language: str) -> str:
    client.force_login(user)
    return client.get(f"/ledgers/{batch.pk}/", HTTP_ACCEPT_LANGUAGE=language).content.decode()


def _api(api, user, batch: UploadBatch, language: str) -> dict:
    api.force_authenticate(user)
    return api.get(f"/api/v1/ledger-uploads/{batch.pk}/", HTTP_ACCEPT_LANGUAGE=language).json()


def _report(client, user, batch: UploadBatch, language: str) -> list[list[str]]:
    client.force_login(user)
    content = client.get(f"/ledgers/{batch.pk}/errors.csv", HTTP_ACCEPT_LANGUAGE=language).content
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_a_chinese_operators_upload_reads_in_english_for_an_english_regulator(
    upload, client, api, operator_a, regulator
):
    batch = upload(operator_a, "zh-hans", BAD_UNIT)
    assert batch.status == UploadBatch.Status.REJECTED

    page = _page(client, regulator, batch, "en")
    assert "1 error: nothing was ingested." in page
    assert "Unknown unit &#x27;bags&#x27;: use t, kg or 万吨." in page
    assert "unit (单位)" in page
    assert "共发现" not in page and "无法识别的单位" not in page

    shown = _api(api, regulator, batch, "en")
    assert shown["message"] == "1 error: nothing was ingested."
    assert shown["message_code"] == "ledger.rejected"
    assert shown["message_params"] == {"n": 1}
    assert shown["errors"] == [
        {
            "row": 2,
            "column": "unit (单位)",
            "value": "bags",
            "reason": "Unknown unit 'bags': use t, kg or 万吨.",
        }
    ]
    assert _report(client, regulator, batch, "en") == [
        ["Row", "Column", "Value", "Reason"],
        ["2", "unit (单位)", "bags", "Unknown unit 'bags': use t, kg or 万吨."],
    ]


def test_an_english_operators_upload_reads_in_chinese_for_a_chinese_regulator(
    upload, client, api, operator_a, regulator
):
    batch = upload(operator_a, "en", BAD_UNIT)

    page = _page(client, regulator, batch, "zh-hans")
    assert "共发现 1 处错误，未导入任何数据。" in page
    assert "无法识别的单位 &#x27;bags&#x27;：请填写 t（吨）、kg（千克）或 万吨。" in page
    assert "单位 (unit)" in page
    assert "nothing was ingested" not in page

    shown = _api(api, regulator, batch, "zh-hans")
    assert shown["message"] == "共发现 1 处错误，未导入任何数据。"
    assert (
        shown["errors"][0]["reason"] == "无法识别的单位 'bags'：请填写 t（吨）、kg（千克）或 万吨。"
    )
    assert _report(client, regulator, batch, "zh-hans")[1] == [
        "2",
        "单位 (unit)",
        "bags",
        "无法识别的单位 'bags'：请填写 t（吨）、kg（千克）或 万吨。",
    ]


def test_a_refused_file_names_its_columns_in_the_readers_language(
    upload, client, api, operator_a, regulator
):
    no_quantity = [[CODE_A, "2026-10", "SW01", "产生", "t"]]
    batch = upload(operator_a, "en", no_quantity, header=HEADER[:4] + HEADER[5:])
    assert batch.status == UploadBatch.Status.REJECTED
    assert _api(api, regulator, batch, "zh-hans")["message"] == "缺少列：数量 (quantity)。"
    assert _api(api, regulator, batch, "en")["message"] == "Missing columns: quantity (数量)."
    assert _api(api, regulator, batch, "en")["message_code"] == "table.columns_missing"


def test_the_uploader_reads_the_outcome_in_the_language_of_the_day(upload, client, operator_a):
    batch = upload(operator_a, "zh-hans", BALANCED)
    assert batch.status == UploadBatch.Status.INGESTED
    assert "已导入 3 项数据。" in _page(client, operator_a, batch, "zh-hans")
    assert "3 figures ingested." in _page(client, operator_a, batch, "en")


def test_a_report_stored_as_text_before_codes_still_shows(client, api, operator_a, regulator):
    batch = UploadBatch.objects.create(
        uploaded_by=operator_a,
        file="ledger-uploads/old.csv",
        original_name="old.csv",
        sha256="1" * 64,
        size=1,
        format="csv",
        status=UploadBatch.Status.REJECTED,
        message="文件无法读取。",
        errors=[{"row": 3, "column": "旧列", "value": "x", "reason": "旧的原因。"}],
        error_count=1,
    )
    page = _page(client, regulator, batch, "en")
    assert "文件无法读取。" in page and "旧的原因。" in page and "旧列" in page
    shown = _api(api, regulator, batch, "en")
    assert shown["message"] == "文件无法读取。"
    assert shown["errors"] == [{"row": 3, "column": "旧列", "value": "x", "reason": "旧的原因。"}]


def test_the_data_migration_turns_stored_outcomes_into_codes_and_keeps_the_rest(
    client, operator_a, regulator
):
    def old(sha: str, message: str, errors: list | None = None) -> UploadBatch:
        return UploadBatch.objects.create(
            uploaded_by=operator_a,
            file=f"ledger-uploads/{sha}.csv",
            original_name="old.csv",
            sha256=sha * 64,
            size=1,
            format="csv",
            status=UploadBatch.Status.INGESTED,
            message=message,
            errors=errors or [],
            error_count=len(errors or []),
        )

    ingested = old("a", "已导入 460 项数据。 仅读取了第一个工作表（台账）。")
    rejected = old(
        "b",
        "2 errors: nothing was ingested.",
        [{"row": 2, "column": "单位 (unit)", "value": "bags", "reason": "Unknown unit 'bags'."}],
    )
    other = old("c", "Something the platform no longer says.")
    migration = importlib.import_module(
        "monitoring.migrations.0012_upload_batch_messages_from_text"
    )
    migration.forwards(apps, None)

    ingested.refresh_from_db()
    assert (ingested.message_code, ingested.message_params) == ("ledger.ingested", {"n": 460})
    assert ingested.notes == [{"text": "仅读取了第一个工作表（台账）。"}]
    english = _page(client, regulator, ingested, "en")
    assert "460 figures ingested. 仅读取了第一个工作表（台账）。" in english
    rejected.refresh_from_db()
    assert rejected.message_code == "ledger.rejected"
    assert rejected.errors == [
        {"row": 2, "column": "unit", "value": "bags", "reason": {"text": "Unknown unit 'bags'."}}
    ]
    chinese = _page(client, regulator, rejected, "zh-hans")
    assert "共发现 2 处错误，未导入任何数据。" in chinese
    assert "单位 (unit)" in chinese and "Unknown unit &#x27;bags&#x27;." in chinese
    other.refresh_from_db()
    assert (other.message_code, other.message) == ("", "Something the platform no longer says.")
    assert "Something the platform no longer says." in _page(client, regulator, other, "zh-hans")


def test_a_correction_names_flows_in_words(upload, client, operator_a):
    upload(operator_a, "zh-hans", BALANCED)
    batch = upload(
        operator_a,
        "zh-hans",
        [
            [CODE_A, "2026-10", "SW01", "期初贮存", "100", "t"],
            [CODE_A, "2026-10", "SW01", "产生", "60", "t"],
            [CODE_A, "2026-10", "SW01", "期末贮存", "160", "t"],
        ],
    )
    assert batch.status == UploadBatch.Status.AWAITING_CONFIRMATION
    english = _page(client, operator_a, batch, "en")
    assert "<td>Generated</td>" in english and "<td>generated</td>" not in english
    assert "This file changes 2 figures already reported." in english
