"""The downloadable upload template and the error report, both made for Excel users."""

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Font

from monitoring.ledger.columns import COLUMNS, INSTRUCTIONS, TEMPLATE_EXAMPLE


def _headers(language: str) -> list[str]:
    return [zh if language.startswith("zh") else en for zh, en, _required in COLUMNS.values()]


def ledger_template_csv(*, language: str) -> bytes:
    """Headers only, UTF-8 with BOM so that Excel opens it as Unicode."""
    buffer = io.StringIO()
    csv.writer(buffer).writerow(_headers(language))
    return buffer.getvalue().encode("utf-8-sig")


def ledger_template_xlsx(*, language: str) -> bytes:
    """A workbook: the sheet to fill in, a worked example and the instructions."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "台账 Ledger"
    sheet.append(_headers(language))
    example = workbook.create_sheet("示例 Example")
    example.append(_headers(language))
    for row in TEMPLATE_EXAMPLE:
        example.append(row)
    notes = workbook.create_sheet("说明 Instructions")
    for line in INSTRUCTIONS:
        notes.append([str(line)])
    for ws in (sheet, example):
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for column in "ABCDEFGH":
            ws.column_dimensions[column].width = 22
    notes.column_dimensions["A"].width = 120
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def error_report_csv(errors: list[dict]) -> bytes:
    """The row-by-row report of a rejected upload, as CSV for Excel."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["row", "column", "value", "reason"])
    for error in errors:
        writer.writerow(
            [
                error.get("row") or "",
                error.get("column") or "",
                error.get("value") or "",
                error["reason"],
            ]
        )
    return buffer.getvalue().encode("utf-8-sig")
