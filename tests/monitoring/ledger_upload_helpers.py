"""Posting a ledger file through the API as park A's operator, the batch read back."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from tests.factories import EnterpriseFactory

URL = "/api/v1/ledger-uploads/"
CODE_A = "91150204MA0N6X1C5G"
HEADER = ["统一社会信用代码", "期间", "废物代码", "流向", "数量", "单位"]
BALANCED = [
    [CODE_A, "2026-10", "SW01", "期初贮存", "100", "t"],
    [CODE_A, "2026-10", "SW01", "产生", "50", "t"],
    [CODE_A, "2026-10", "SW01", "期末贮存", "150", "t"],
]


def csv_bytes(*lines: str) -> bytes:
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode()


def rows_csv(rows: list[list[str]], header: list[str] = HEADER) -> bytes:
    return csv_bytes(",".join(header), *(",".join(row) for row in rows))


def workbook_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def send(api, operator_a, park_a, catalogue, django_capture_on_commit_callbacks):
    """Post a file; returns the batch as the API shows it after processing (or the refusal)."""
    EnterpriseFactory(park=park_a, credit_code=CODE_A)
    api.force_authenticate(operator_a)

    def post(content: bytes, name: str = "ledger.csv") -> dict:
        with django_capture_on_commit_callbacks(execute=True):
            response = api.post(
                URL, {"file": SimpleUploadedFile(name, content)}, format="multipart"
            )
        if response.status_code not in (200, 202):
            return response.json()
        return api.get(f"{URL}{response.json()['id']}/").json()

    return post
