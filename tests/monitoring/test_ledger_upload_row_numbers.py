"""Rows are named by the number the spreadsheet shows: blank lines count, an unbalanced
quote names the row where it opens, a row of the wrong width is refused, never padded."""

from tests.monitoring import ledger_upload_helpers
from tests.monitoring.ledger_upload_helpers import CODE_A, HEADER, csv_bytes

send = ledger_upload_helpers.send  # the fixture

HEAD = ",".join(HEADER)


def test_it_counts_blank_lines_in_row_numbers(send):
    batch = send(
        csv_bytes(
            HEAD,
            f"{CODE_A},2026-10,SW01,期初贮存,100,t",
            "",
            f"{CODE_A},2026-10,SW01,产生,50,t",
            "",
            f"{CODE_A},2026-10,SW01,期末贮存,abc,t",
        )
    )
    assert batch["status"] == "rejected"
    assert [(e["row"], e["value"]) for e in batch["errors"]] == [(6, "abc")]


def test_it_names_the_row_where_an_unbalanced_quote_opens(send):
    batch = send(
        csv_bytes(
            HEAD,
            f"{CODE_A},2026-10,SW01,期初贮存,100,t",
            f'{CODE_A},2026-10,SW01,产生,"50,t',
            f"{CODE_A},2026-10,SW01,期末贮存,150,t",
        )
    )
    assert batch["status"] == "rejected"
    assert batch["message"].startswith("Row 3: a quotation mark opens a value"), batch["message"]


def test_it_refuses_a_row_with_a_cell_too_few(send):
    batch = send(
        csv_bytes(
            HEAD,
            f"{CODE_A},2026-10,SW01,期初贮存,100,t",
            f"{CODE_A},2026-10,SW01,产生,50",
            f"{CODE_A},2026-10,SW01,期末贮存,150,t",
        )
    )
    assert batch["status"] == "rejected"
    assert batch["message"].startswith("Row 3 has 5 cells, but the header has 6: a cell is missing")


def test_it_refuses_a_row_with_a_cell_too_many_after_blank_lines(send):
    batch = send(
        csv_bytes(
            HEAD,
            "",
            f"{CODE_A},2026-10,SW01,期初贮存,100,t",
            f"{CODE_A},2026-10,SW01,产生,50,t,钢渣",
        )
    )
    assert batch["status"] == "rejected"
    assert batch["message"].startswith("Row 4 has 7 cells, but the header has 6.")
