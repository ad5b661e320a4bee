"""The downloadable upload template and the error report, both made for Excel users."""

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from monitoring.ledger.columns import COLUMNS, INSTRUCTIONS, TEMPLATE_EXAMPLE, TEMPLATE_SHEETS
from monitoring.ledger.messages import batch_errors
from wastewatch.tabular_write import csv_bytes, sheet_append, workbook_bytes


def _headers(language: str) -> list[str]:
    return [zh if language.startswith("zh") else en for zh, en, _required in COLUMNS.values()]


def ledger_template_csv(*, language: str) -> bytes:
    """Headers only, UTF-8 with BOM so that Excel opens it as Unicode."""
    return csv_bytes([_headers(language)])


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def ledger_template_file(*, file_format: str, language: str) -> tuple[bytes, str, str]:
    """The template in `file_format` (csv, else xlsx) as (content, content type, file name),
    its headers and instructions in `language`."""
    if file_format == "csv":
        return ledger_template_csv(language=language), "text/csv", "ledger-template.csv"
    return ledger_template_xlsx(language=language), XLSX_TYPE, "ledger-template.xlsx"


def ledger_template_xlsx(*, language: str) -> bytes:
    """A workbook: the sheet to fill in, a worked example and the instructions (in `language`,
    whatever the language of the request that asks for it)."""
    with translation.override(language):
        return _template_workbook(language)


def _template_workbook(language: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "台账 Ledger"
    sheet_append(sheet, _headers(language))
    example = workbook.create_sheet(TEMPLATE_SHEETS[0])
    sheet_append(example, _headers(language))
    for row in TEMPLATE_EXAMPLE:
        sheet_append(example, row)
    notes = workbook.create_sheet(TEMPLATE_SHEETS[1])
    for line in INSTRUCTIONS:
        sheet_append(notes, [str(line)])
    for ws in (sheet, example):
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for column in "ABCDEFGHI":
            ws.column_dimensions[column].width = 22
    notes.column_dimensions["A"].width = 120
    return workbook_bytes(workbook)


def error_report_csv(errors: list[dict]) -> bytes:
    """The row-by-row report of a rejected upload, as CSV for Excel, in the active language:
    its header, the columns and the reasons."""
    rows = [
        [
            error.get("row") or "",
            error.get("column") or "",
            error.get("value") or "",
            error["reason"],
        ]
        for error in batch_errors(errors)
    ]
    return csv_bytes([[_("Row"), _("Column"), _("Value"), _("Reason")], *rows])
