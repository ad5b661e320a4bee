"""The upload templates come in the language asked for (by default the page's), headers and
instructions alike, and the error report's header is in the reader's language."""

import csv
import io

import pytest
from openpyxl import load_workbook

from monitoring.models import UploadBatch

pytestmark = pytest.mark.django_db


def _instructions(content: bytes) -> str:
    book = load_workbook(io.BytesIO(content))
    return " ".join(str(row[0].value) for row in book.worksheets[2].iter_rows())


def _csv_header(content: bytes) -> list[str]:
    return next(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_each_template_in_each_language(client, operator_a):
    client.force_login(operator_a)
    english = client.get("/ledgers/template.xlsx?lang=en").content
    chinese = client.get("/ledgers/template.xlsx?lang=zh-hans").content
    assert "One row per figure" in _instructions(english)
    assert "One row per figure" not in _instructions(chinese)
    assert "每" in _instructions(chinese)
    assert _csv_header(client.get("/ledgers/template.csv?lang=en").content)[0] == "credit_code"
    assert _csv_header(client.get("/ledgers/template.csv?lang=zh-hans").content)[0] != "credit_code"


def test_by_default_the_template_is_in_the_pages_language(client, operator_a):
    client.force_login(operator_a)
    english_page = client.get("/ledgers/template.csv", HTTP_ACCEPT_LANGUAGE="en")
    assert _csv_header(english_page.content)[0] == "credit_code"
    chinese_page = client.get("/ledgers/template.csv", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert _csv_header(chinese_page.content)[0] != "credit_code"


def test_the_upload_page_offers_its_own_language_first(client, operator_a, park_a):
    from tests.factories import EnterpriseFactory

    EnterpriseFactory(park=park_a)
    client.force_login(operator_a)
    html = client.get("/ledgers/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert html.index("CSV (English)") < html.index("CSV（中文）")
    html = client.get("/ledgers/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert html.index("CSV（中文）") < html.index("CSV (English)")


def test_the_error_report_header_is_in_the_readers_language(client, operator_a):
    batch = UploadBatch.objects.create(
        uploaded_by=operator_a,
        file="ledger-uploads/x.csv",
        original_name="x.csv",
        sha256="0" * 64,
        size=1,
        format="csv",
        status=UploadBatch.Status.REJECTED,
        errors=[{"row": 2, "column": "unit", "value": "bags", "reason": "Unknown unit."}],
        error_count=1,
    )
    client.force_login(operator_a)
    english = client.get(f"/ledgers/{batch.pk}/errors.csv", HTTP_ACCEPT_LANGUAGE="en")
    assert _csv_header(english.content) == ["Row", "Column", "Value", "Reason"]
    chinese = client.get(f"/ledgers/{batch.pk}/errors.csv", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert _csv_header(chinese.content)[0] == "行号"
