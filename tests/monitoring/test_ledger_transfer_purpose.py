"""A ledger line may say what a transfer out was for (转移用途 / transfer_purpose): read in both
languages, stored, returned by the API and offered by the template; a wrong value is a row
error naming the row, the column and why."""

import io

from openpyxl import load_workbook

from monitoring.ledger.columns import FLOW_BY_NAME
from monitoring.models import LedgerEntry
from tests.factories import credit_code
from tests.monitoring import ledger_upload_helpers
from tests.monitoring.ledger_upload_helpers import CODE_A, HEADER, rows_csv

send = ledger_upload_helpers.send  # the fixture

RECEIVER = credit_code(41)
ZH = [*HEADER, "对方单位信用代码", "转移用途"]
EN = ["credit_code", "period", "waste_code", "flow", "quantity", "unit", "counterparty"]
EN = [*EN, "transfer_purpose"]


def month(*transfers: tuple[str, str], opening: str = "100") -> list[list[str]]:
    """October of SW01: 100 t opening, 50 generated, the transfers (t, purpose), the rest kept."""
    sent = sum(float(t) for t, _purpose in transfers)
    return [
        [CODE_A, "2026-10", "SW01", "期初贮存", opening, "t", "", ""],
        [CODE_A, "2026-10", "SW01", "产生", "50", "t", "", ""],
        *([CODE_A, "2026-10", "SW01", "委外转移", t, "t", RECEIVER, p] for t, p in transfers),
        [CODE_A, "2026-10", "SW01", "期末贮存", f"{float(opening) + 50 - sent:g}", "t", "", ""],
    ]


def test_it_reads_the_chinese_column_and_the_api_returns_it(send, api):
    batch = send(rows_csv(month(("60", "委托利用")), header=ZH))
    assert batch["status"] == "ingested", (batch["message"], batch["errors"])
    entries = api.get("/api/v1/ledger-entries/", {"flow": "transferred_out"}).json()["results"]
    assert [(e["counterparty"], e["purpose"], e["quantity_t"]) for e in entries] == [
        (RECEIVER, "utilisation", "60.000")
    ]
    others = LedgerEntry.objects.exclude(flow="transferred_out")
    assert set(others.values_list("purpose", flat=True)) == {""}


def test_it_reads_the_english_column_and_filters_by_it(send, api):
    rows = month(("30", "disposal"), ("20", "Storage"), ("10", ""))
    rows = [[*row[:3], FLOW_BY_NAME[row[3]], *row[4:]] for row in rows]  # English flow names
    batch = send(rows_csv(rows, header=EN))
    assert batch["status"] == "ingested", (batch["message"], batch["errors"])
    stored = LedgerEntry.objects.filter(flow="transferred_out")
    assert sorted(stored.values_list("purpose", "quantity_t")) == [
        ("", 10),
        ("disposal", 30),
        ("storage", 20),
    ]
    disposed = api.get("/api/v1/ledger-entries/", {"purpose": "disposal"}).json()["results"]
    assert [e["quantity_t"] for e in disposed] == ["30.000"]


def test_an_unknown_purpose_is_a_row_error(send):
    batch = send(rows_csv(month(("60", "卖掉")), header=ZH))
    assert batch["status"] == "rejected"
    assert batch["errors"] == [
        {
            "row": 4,
            "column": "transfer_purpose (转移用途)",
            "value": "卖掉",
            "reason": "Unknown transfer purpose '卖掉': use 委托利用, 委托处置 or 委托贮存 (or "
            "utilisation, disposal, storage), or leave it empty.",
        }
    ]
    assert not LedgerEntry.objects.exists()


def test_a_purpose_on_a_line_that_is_not_a_transfer_out_is_a_row_error(send):
    rows = month(("60", "委托处置"))
    rows[1][7] = "委托利用"  # on 产生
    batch = send(rows_csv(rows, header=ZH))
    assert batch["status"] == "rejected"
    assert [(e["row"], e["column"], e["value"]) for e in batch["errors"]] == [
        (3, "transfer_purpose (转移用途)", "委托利用")
    ]
    assert batch["errors"][0]["reason"] == (
        "A transfer purpose belongs to a transfer out (委托利用/处置) only; "
        "this row's flow is 产生."
    )


def test_two_purposes_to_one_receiver_are_two_lines_and_a_changed_purpose_is_a_correction(
    send, api
):
    batch = send(rows_csv(month(("40", "委托利用"), ("20", "委托处置")), header=ZH))
    assert batch["status"] == "ingested", (batch["message"], batch["errors"])
    assert LedgerEntry.objects.filter(flow="transferred_out").count() == 2

    corrected = send(rows_csv(month(("40", "委托利用"), ("20", "委托贮存")), header=ZH))
    assert corrected["status"] == "awaiting_confirmation"
    assert sorted((c["purpose"], c["old"], c["new"]) for c in corrected["changes"]) == [
        ("disposal", "20.000", None),
        ("storage", None, "20.000"),
    ]
    api.post(f"/api/v1/ledger-uploads/{corrected['id']}/confirm/")
    current = LedgerEntry.objects.filter(flow="transferred_out", superseded_at__isnull=True)
    assert sorted(current.values_list("purpose", flat=True)) == ["storage", "utilisation"]


def test_the_template_offers_the_column_in_both_languages(api):
    for lang, header in (("zh-hans", "转移用途"), ("en", "transfer_purpose")):
        body = api.get("/api/v1/ledger-template/", {"file_format": "csv", "lang": lang}).content
        assert header in body.decode("utf-8-sig").split("\r\n")[0].split(",")
    book = api.get("/api/v1/ledger-template/", {"lang": "zh-hans"}).content
    example = load_workbook(io.BytesIO(book))["示例 Example"]
    rows = [[cell.value for cell in row] for row in example.iter_rows()]
    assert rows[0][7] == "转移用途"
    assert [row[7] for row in rows[1:] if row[3] == "委托利用/处置"] == ["委托利用"]
