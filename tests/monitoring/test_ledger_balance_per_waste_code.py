"""A ledger balances per enterprise, waste and month, the waste being its 8-digit code (or the
category where none is given): one unbalanced code no longer refuses its sibling codes' clean
rows with it, the refusal names every row of the unbalanced code, and a correction of one code
leaves its siblings' figures current."""

from monitoring.models import LedgerEntry
from tests.monitoring import ledger_upload_helpers
from tests.monitoring.ledger_upload_helpers import CODE_A, URL, rows_csv

send = ledger_upload_helpers.send  # the fixture

OIL = "900-249-08"  # waste mineral oil, generated at overhauls
SLUDGE = "251-001-08"  # oily sludge, a sibling code of the same category HW08


def ledger(oil_closing: str = "15", sludge_closing: str = "30", month: str = "2026-10"):
    """Both codes of HW08 interleaved, as a ledger sorted by flow would hold them (rows 2–7)."""
    return [
        [CODE_A, month, OIL, "期初贮存", "10", "t"],
        [CODE_A, month, SLUDGE, "期初贮存", "20", "t"],
        [CODE_A, month, OIL, "产生", "5", "t"],
        [CODE_A, month, SLUDGE, "产生", "10", "t"],
        [CODE_A, month, OIL, "期末贮存", oil_closing, "t"],
        [CODE_A, month, SLUDGE, "期末贮存", sludge_closing, "t"],
    ]


def current(waste_code: str) -> dict[str, float]:
    return {
        flow: float(quantity)
        for flow, quantity in LedgerEntry.objects.filter(
            waste_code=waste_code, superseded_at__isnull=True
        ).values_list("flow", "quantity_t")
    }


def test_codes_that_balance_apart_are_accepted_although_the_category_would_not(send):
    # Oil closes 3 t high and sludge 3 t low: the category balances, neither code does.
    batch = send(rows_csv(ledger(oil_closing="18", sludge_closing="27")))
    assert batch["status"] == "rejected"
    assert [error["row"] for error in batch["errors"]] == [2, 3]

    batch = send(rows_csv(ledger()))
    assert batch["status"] == "ingested", (batch["message"], batch["errors"])
    assert current(OIL) == {"opening_stock": 10, "generated": 5, "closing_stock": 15}


def test_one_unbalanced_code_is_refused_naming_every_one_of_its_rows_and_only_its_own(send):
    batch = send(rows_csv(ledger(oil_closing="12")))
    assert batch["status"] == "rejected"
    assert batch["message"] == "1 error: nothing was ingested."
    assert batch["errors"] == [
        {
            "row": 2,
            "column": "quantity (数量)",
            "value": "3.000",
            "reason": (
                "The ledger of 900-249-08 for 2026-10 (rows 2, 4, 6) does not balance: opening "
                "stock + generated + received exceed utilised + disposed + transferred out + "
                "closing stock by 3.000 t (tolerance 0.500 t)."
            ),
        }
    ]
    assert not LedgerEntry.objects.exists()  # still accepted whole or refused whole


def test_each_unbalanced_waste_and_month_is_its_own_error(send):
    rows = ledger(oil_closing="12", sludge_closing="40") + ledger(month="2026-09")
    batch = send(rows_csv(rows))
    assert [(error["row"], error["value"]) for error in batch["errors"]] == [
        (2, "3.000"),
        (3, "-10.000"),
    ]
    sludge = batch["errors"][1]["reason"]
    assert sludge.startswith("The ledger of 251-001-08 for 2026-10 (rows 3, 5, 7)")
    assert "utilised + disposed + transferred out + closing stock exceed" in sludge


def test_stock_kept_per_category_balances_with_receipts_written_per_code(send):
    """A receiver's yard holds the category; its receipts carry each sender's code."""
    sender = "91150207MA0N2B3C43"
    rows = [
        [CODE_A, "2026-10", "HW08", "期初贮存", "100", "t", ""],
        [CODE_A, "2026-10", OIL, "接收", "40", "t", sender],
        [CODE_A, "2026-10", SLUDGE, "接收", "60", "t", sender],
        [CODE_A, "2026-10", "HW08", "自行利用", "150", "t", ""],
        [CODE_A, "2026-10", "HW08", "期末贮存", "50", "t", ""],
    ]
    header = [*ledger_upload_helpers.HEADER, "对方单位信用代码"]
    batch = send(rows_csv(rows, header))
    assert batch["status"] == "ingested", (batch["message"], batch["errors"])

    rows[3][4] = "140"
    batch = send(rows_csv(rows, header))
    assert batch["errors"][0]["reason"].startswith(
        "The ledger of HW08 for 2026-10 (rows 2, 3, 4, 5, 6) does not balance"
    )


def test_a_correction_of_one_code_leaves_its_sibling_codes_current(send, api):
    assert send(rows_csv(ledger()))["status"] == "ingested"
    corrected = [row for row in ledger(oil_closing="14") if row[2] == OIL]
    corrected[1][4] = "4"  # 4 t of oil generated, not 5

    batch = send(rows_csv(corrected))
    assert batch["status"] == "awaiting_confirmation"
    assert {(c["waste_code"], c["flow"], c["old"], c["new"]) for c in batch["changes"]} == {
        (OIL, "generated", "5.000", "4.000"),
        (OIL, "closing_stock", "15.000", "14.000"),
    }
    response = api.post(f"{URL}{batch['id']}/confirm/")
    assert response.status_code == 200, response.json()

    assert current(OIL) == {"opening_stock": 10, "generated": 4, "closing_stock": 14}
    assert current(SLUDGE) == {"opening_stock": 20, "generated": 10, "closing_stock": 30}
    assert not LedgerEntry.objects.filter(waste_code=SLUDGE, superseded_at__isnull=False).exists()


def test_a_code_added_to_a_month_already_reported_is_no_correction_of_its_siblings(send):
    oil = [row for row in ledger() if row[2] == OIL]
    assert send(rows_csv(oil))["status"] == "ingested"
    sludge = [row for row in ledger() if row[2] == SLUDGE]
    batch = send(rows_csv(sludge))
    assert batch["status"] == "ingested", batch["message"]
    assert current(OIL) == {"opening_stock": 10, "generated": 5, "closing_stock": 15}
