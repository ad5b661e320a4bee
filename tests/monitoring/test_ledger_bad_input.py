"""The ledger bad-input corpus (tests/corpus/ledger/): each file, posted through the API, gets
exactly the outcome written in expected.json, and a rejected file writes no ledger figure.

The product's rule: bad input gets a clear, specific error (which row, which field, why) and
nothing is lost or half-written: an upload is accepted whole or rejected whole with its report.

A case with a "bug" entry holds what the user should see; the product does otherwise today,
so it is a strict xfail (it fails loudly once the bug is fixed: then drop its "bug" entry).
"""

import csv
import io
import json
import random
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from monitoring.models import LedgerEntry, UploadBatch
from tests.factories import EnterpriseFactory

pytestmark = pytest.mark.smoke

CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "ledger"
EXPECTED: dict[str, dict] = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
URL = "/api/v1/ledger-uploads/"
CODE_A = "91150204MA0N6X1C5G"  # registered in park A, the uploader's park
CODE_B = "91150207MA0N2B3C43"  # registered in park B


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _zip_bomb() -> bytes:
    """An .xlsx-shaped zip whose sheet is 20 MiB of zero bytes (about 1000:1)."""
    return _zip(
        {
            "[Content_Types].xml": b'<?xml version="1.0"?><Types/>',
            "xl/worksheets/sheet1.xml": bytes(20 * 2**20),
        }
    )


def _expands_over_limit() -> bytes:
    """2 MiB that do not compress: over a 1 MiB expansion limit, at a harmless ratio."""
    noise = random.Random(0).randbytes(2 * 2**20)
    return _zip({"[Content_Types].xml": b"<Types/>", "xl/worksheets/sheet1.xml": noise})


def _oversized() -> bytes:
    """The good file with a 1.5 MiB note: over a 1 MiB upload limit."""
    good = (CORPUS / "good_utf8_bom_zh.csv").read_bytes()
    return good.rstrip(b"\n") + b"x" * (3 * 2**19) + b"\n"


GENERATED = {
    "zip_bomb.xlsx": _zip_bomb,
    "xlsx_expands_over_limit.xlsx": _expands_over_limit,
    "oversized.csv": _oversized,
}


def _cases() -> list:
    return [
        pytest.param(
            name,
            marks=[pytest.mark.xfail(strict=True, reason=case["bug"])] if "bug" in case else [],
            id=name,
        )
        for name, case in EXPECTED.items()
    ]


def test_the_corpus_and_its_expectations_match():
    on_disk = {path.name for path in CORPUS.iterdir() if path.name != "expected.json"}
    committed = {name for name, case in EXPECTED.items() if not case.get("generated")}
    assert on_disk == committed
    assert {name for name, case in EXPECTED.items() if case.get("generated")} == set(GENERATED)


@pytest.fixture
def uploader(api, operator_a, park_a, park_b, catalogue):
    EnterpriseFactory(park=park_a, credit_code=CODE_A)
    EnterpriseFactory(park=park_b, credit_code=CODE_B)
    api.force_authenticate(operator_a)
    return api


@pytest.fixture
def excel_reads(monkeypatch):
    """Every call into a workbook parser (pandas.read_excel, python-calamine, openpyxl), to
    prove that a refusal came before parsing, whichever parser the reader uses."""
    import openpyxl
    import python_calamine

    from wastewatch import tabular as reader

    calls = []

    def spying(real, label):
        def spy(*args, **kwargs):
            calls.append(label)
            return real(*args, **kwargs)

        return spy

    parsers = [pd.read_excel, openpyxl.load_workbook, python_calamine.load_workbook]
    targets = [(pd, "read_excel"), (openpyxl, "load_workbook"), (python_calamine, "load_workbook")]
    targets += [
        (python_calamine.CalamineWorkbook, name)
        for name in ("from_filelike", "from_path", "from_object")
    ]
    targets += [
        (reader, name)
        for name, value in vars(reader).items()
        if any(value is parser for parser in parsers)
    ]
    for owner, name in targets:
        monkeypatch.setattr(owner, name, spying(getattr(owner, name), name))
    return calls


@pytest.mark.parametrize("name", _cases())
def test_the_user_sees_exactly_the_expected_outcome(
    name, uploader, settings, excel_reads, django_capture_on_commit_callbacks
):
    case = EXPECTED[name]
    for setting, value in case.get("settings", {}).items():
        setattr(settings, setting, value)
    data = GENERATED[name]() if case.get("generated") else (CORPUS / name).read_bytes()

    with django_capture_on_commit_callbacks(execute=True):
        response = uploader.post(URL, {"file": SimpleUploadedFile(name, data)}, format="multipart")

    assert response.status_code == case["http_status"], response.json()
    if case["http_status"] in (400, 413):  # refused at the door: no batch, nothing stored
        assert response.json() == case["body"]
        assert not UploadBatch.objects.exists()
        assert not LedgerEntry.objects.exists()
        return

    batch = uploader.get(f"{URL}{response.json()['id']}/").json()
    assert batch["status"] == case["status"], (batch["message"], batch["errors"])
    if case.get("match") == "prefix":
        assert batch["message"].startswith(case["message"]), batch["message"]
    else:
        assert batch["message"] == case["message"]
    assert batch["errors"] == case["errors"]
    assert batch["error_count"] == len(case["errors"])
    if case.get("refused_before_parsing"):
        assert excel_reads == []
    elif name.endswith(".xlsx"):
        assert excel_reads, "the spy must see the workbook parser, or it proves nothing"

    if case["status"] == "rejected":
        assert not LedgerEntry.objects.exists()
        assert batch["rows_ingested"] == 0
        report = uploader.get(f"{URL}{batch['id']}/error-report/")
        assert report.status_code == 200
        rows = list(csv.reader(io.StringIO(report.content.decode("utf-8-sig"))))
        # The header in the reader's language (English here), the reasons as checked.
        assert rows == [["Row", "Column", "Value", "Reason"]] + [
            [str(e["row"]), e["column"], e["value"], e["reason"]] for e in case["errors"]
        ]
    else:
        figures = uploader.get("/api/v1/ledger-entries/", {"enterprise": CODE_A}).json()
        assert {f["flow"]: f["quantity_t"] for f in figures["results"]} == case["figures"]
        assert batch["rows_ingested"] == len(case["figures"]) == LedgerEntry.objects.count()
        transfer = LedgerEntry.objects.get(flow="transferred_out")
        assert transfer.counterparty == CODE_B
