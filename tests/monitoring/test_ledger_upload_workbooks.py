"""Workbooks: data on other sheets is reported, a merged header cell is named."""

from openpyxl import Workbook

from monitoring.ledger.template import ledger_template_xlsx
from monitoring.models import LedgerEntry
from tests.monitoring import ledger_upload_helpers
from tests.monitoring.ledger_upload_helpers import (
    BALANCED,
    HEADER,
    workbook_bytes,
)

send = ledger_upload_helpers.send  # the fixture


def test_it_says_which_other_sheets_hold_data_it_did_not_read(send):
    workbook = Workbook()
    first = workbook.active
    first.title = "十月"
    for row in [HEADER, *BALANCED]:
        first.append(row)
    second = workbook.create_sheet("十一月")
    second.append(HEADER)
    second.append(BALANCED[0])
    workbook.create_sheet("空白")
    batch = send(workbook_bytes(workbook), name="ledger.xlsx")
    assert batch["status"] == "ingested", batch["message"]
    assert "十一月" in batch["message"]
    assert "空白" not in batch["message"]
    assert LedgerEntry.objects.count() == 3


def test_it_does_not_mention_the_templates_own_sheets(send):
    from io import BytesIO

    from openpyxl import load_workbook

    workbook = load_workbook(BytesIO(ledger_template_xlsx(language="zh-hans")))
    for row in BALANCED:
        workbook.active.append(row)
    batch = send(workbook_bytes(workbook), name="ledger.xlsx")
    assert batch["status"] == "ingested", batch["message"]
    assert batch["message"] == "3 figures ingested."


def test_it_names_the_header_a_merged_cell_belongs_to(send):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([*HEADER[:5], "单位", ""])
    for row in BALANCED:
        sheet.append([*row, "吨"])
    sheet.merge_cells("F1:G1")
    batch = send(workbook_bytes(workbook), name="ledger.xlsx")
    assert batch["status"] == "rejected"
    assert "Column 7" in batch["message"] and "单位" in batch["message"], batch["message"]
