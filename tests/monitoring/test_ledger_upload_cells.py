"""Cells as Chinese input methods and Excel write them: full-width forms folded, months as
202607, thousands separators only in groups of three, control characters refused by cell."""

from datetime import date

from monitoring.models import LedgerEntry
from tests.monitoring import ledger_upload_helpers
from tests.monitoring.ledger_upload_helpers import (
    BALANCED,
    CODE_A,
    HEADER,
    csv_bytes,
    rows_csv,
)

send = ledger_upload_helpers.send  # the fixture

HEAD = ",".join(HEADER)


def test_it_reads_full_width_codes_numbers_months_and_units(send):
    full_width = "９１１５０２０４ＭＡ０Ｎ６Ｘ１Ｃ５Ｇ"
    batch = send(
        csv_bytes(
            HEAD,
            f"{full_width},２０２６－１０,ＳＷ０１,期初贮存,１００,ｔ",
            f"{CODE_A},2026-10,ＳＷ01,产生,５０．５,t",
            f"{CODE_A},2026-10,SW01,期末贮存,150.5,ｔ",
        )
    )
    assert batch["status"] == "ingested", (batch["message"], batch["errors"])
    assert str(LedgerEntry.objects.get(flow="generated").quantity_t) == "50.500"


def test_it_reads_a_month_written_as_six_digits(send):
    rows = [[*row[:1], "202610", *row[2:]] for row in BALANCED]
    batch = send(rows_csv(rows))
    assert batch["status"] == "ingested", (batch["message"], batch["errors"])
    assert set(LedgerEntry.objects.values_list("period", flat=True)) == {date(2026, 10, 1)}


def test_it_names_the_accepted_month_forms(send):
    rows = [[*row[:1], "2026-1O", *row[2:]] for row in BALANCED]
    batch = send(rows_csv(rows))
    assert batch["status"] == "rejected"
    assert "202607" in batch["errors"][0]["reason"]
    assert "2026年7月" in batch["errors"][0]["reason"]


def test_it_reads_thousands_separators_only_in_groups_of_three(send):
    batch = send(
        csv_bytes(
            HEAD,
            f'{CODE_A},2026-10,SW01,期初贮存,"1,000.5",t',
            f'{CODE_A},2026-10,SW01,产生,"1,000,000",kg',
            f'{CODE_A},2026-10,SW01,期末贮存,"2,000.5",t',
        )
    )
    assert batch["status"] == "ingested", (batch["message"], batch["errors"])
    assert str(LedgerEntry.objects.get(flow="opening_stock").quantity_t) == "1000.500"


def test_it_refuses_a_decimal_comma_naming_the_cell(send):
    batch = send(
        csv_bytes(
            HEAD,
            f'{CODE_A},2026-10,SW01,期初贮存,"1000,5",t',
            f"{CODE_A},2026-10,SW01,产生,0,t",
            f"{CODE_A},2026-10,SW01,期末贮存,10005,t",
        )
    )
    assert batch["status"] == "rejected"
    assert [(e["row"], e["column"], e["value"]) for e in batch["errors"]] == [
        (2, "quantity (数量)", "1000,5")
    ]
    assert "groups of three digits" in batch["errors"][0]["reason"]
    assert not LedgerEntry.objects.exists()


def test_it_refuses_a_nul_byte_naming_its_row_and_column(send):
    data = csv_bytes(
        HEAD,
        f"{CODE_A},2026-10,SW01,期初贮存,100,t",
        f"{CODE_A},2026-10,SW01,产生,5\x000,t",
        f"{CODE_A},2026-10,SW01,期末贮存,150,t",
    )
    batch = send(data)
    assert batch["status"] == "rejected"
    assert "neither UTF-8" not in batch["message"]
    assert [(e["row"], e["column"], e["value"]) for e in batch["errors"]] == [
        (3, "quantity (数量)", "5<U+0000>0")
    ]
    assert "U+0000" in batch["errors"][0]["reason"]


def test_it_refuses_control_characters_in_any_cell_even_a_note(send):
    data = csv_bytes(
        HEAD + ",备注",
        f"{CODE_A},2026-10,SW01,期初贮存,100,t,",
        f"{CODE_A},2026-10,SW01\x1b,产生,50,t,",
        f"{CODE_A},2026-10,SW01,期末贮存,150,t,钢渣\x07",
    )
    batch = send(data)
    assert batch["status"] == "rejected"
    assert [(e["row"], e["column"]) for e in batch["errors"]] == [
        (3, "waste_code (废物代码)"),
        (4, "note (备注)"),
    ]
    assert not LedgerEntry.objects.exists()


def test_it_refuses_a_month_with_a_point_and_one_digit(send):
    """A number cell typed 2026.10 holds 2026.1: read as January it would be a wrong month."""
    rows = [[*row[:1], "2026.1", *row[2:]] for row in BALANCED]
    batch = send(rows_csv(rows))
    assert batch["status"] == "rejected"
    assert {error["value"] for error in batch["errors"]} == {"2026.1"}


def test_it_reads_a_month_with_a_point_and_two_digits(send):
    rows = [[*row[:1], "2026.10", *row[2:]] for row in BALANCED]
    batch = send(rows_csv(rows))
    assert batch["status"] == "ingested", (batch["message"], batch["errors"])
    assert set(LedgerEntry.objects.values_list("period", flat=True)) == {date(2026, 10, 1)}
