"""A report's content as files: an XLSX workbook (a cover, then one sheet per section) and a
zip of CSVs (one per sheet, UTF-8 with a BOM so that Excel reads Chinese). Every cell goes
through the shared writer that keeps text from becoming a formula; numbers are stored as
numbers with a number format, never as text."""

import io
import zipfile
from datetime import date, datetime

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from reports.content import ReportContent, Section
from wastewatch.tabular_write import csv_bytes, sheet_append, workbook_bytes

NUMBER_FORMATS = {"number": "#,##0.000", "integer": "0", "date": "yyyy-mm-dd"}
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
WIDEST = 60  # characters: longer text wraps


def cover_rows(content: ReportContent, *, version: int) -> list[list]:
    with translation.override(content.language):
        return [
            [_("Monthly compliance report"), ""],
            [_("Scope"), content.scope_name],
            [_("Period"), f"{content.period:%Y-%m}"],
            [_("Version"), version],
            [_("Issued at"), timezone.localtime().strftime("%Y-%m-%d %H:%M")],
            [
                _("Figures as of"),
                timezone.localtime(content.cutoff).strftime("%Y-%m-%d %H:%M"),
            ],
        ]


def xlsx_bytes(content: ReportContent, *, version: int) -> bytes:
    workbook = Workbook()
    cover = workbook.active
    with translation.override(content.language):
        cover.title = _("Cover")
    for row in cover_rows(content, version=version):
        sheet_append(cover, row)
    cover["A1"].font = Font(bold=True, size=14)
    cover.column_dimensions["A"].width = 24
    cover.column_dimensions["B"].width = 48
    for section in content.sections:
        _sheet(workbook, section)
    return workbook_bytes(workbook)


def _sheet(workbook: Workbook, section: Section) -> None:
    sheet = workbook.create_sheet(section.sheet[:31])  # Excel's limit on sheet names
    sheet_append(sheet, [column.title for column in section.columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    widths = [_width(column.title) for column in section.columns]
    for row in section.rows:
        sheet_append(sheet, row)
        for index, value in enumerate(row):
            widths[index] = max(widths[index], _width(value))
    for index, column in enumerate(section.columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = min(widths[index - 1] + 2, WIDEST)
        number_format = (
            DATETIME_FORMAT if column.kind == "datetime" else NUMBER_FORMATS.get(column.kind)
        )
        if number_format:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = number_format
    sheet.freeze_panes = "A2"
    if section.rows:
        sheet.auto_filter.ref = sheet.dimensions


def _width(value) -> int:
    """Display width of a cell: CJK characters take two columns."""
    if value is None:
        return 0
    if isinstance(value, datetime):
        return 16
    if isinstance(value, date):
        return 10
    if isinstance(value, float):
        return len(f"{value:,.3f}")
    text = str(value)
    return sum(2 if ord(char) > 0x2E80 else 1 for char in text)


def csv_zip_bytes(content: ReportContent, *, version: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("00-cover.csv", csv_bytes(cover_rows(content, version=version)))
        for number, section in enumerate(content.sections, start=1):
            rows = [[column.title for column in section.columns], *section.rows]
            archive.writestr(f"{number:02d}-{section.key}.csv", csv_bytes(rows))
    return buffer.getvalue()
