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
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from reports.content import ReportContent, Section
from reports.models import period_label
from wastewatch.tabular_write import csv_bytes, safe_row, workbook_bytes

NUMBER_FORMATS = {"number": "#,##0.000", "integer": "0", "date": "yyyy-mm-dd"}
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
WIDEST = 60  # characters: longer text wraps


def cover_rows(
    content: ReportContent, *, version: int, issued_at: datetime | None = None
) -> list[list]:
    """The cover's lines; `issued_at` is the report's stored time of issue (now if unsaid)."""
    with translation.override(content.language):
        return [
            [content.title or _("Monthly compliance report"), ""],
            [_("Scope"), content.scope_name],
            [_("Period"), period_label(content.span, content.period)],
            [_("Version"), version],
            [_("Issued at"), timezone.localtime(issued_at).strftime("%Y-%m-%d %H:%M")],
            [
                _("Figures as of"),
                timezone.localtime(content.cutoff).strftime("%Y-%m-%d %H:%M"),
            ],
            *content.cover,
        ]


def xlsx_bytes(content: ReportContent, *, version: int, issued_at: datetime | None = None) -> bytes:
    """The workbook, written in openpyxl's write-only mode (rows streamed to the file as they
    come, so a city of thousands of enterprises stays small in memory)."""
    workbook = Workbook(write_only=True)
    with translation.override(content.language):
        cover = workbook.create_sheet(_("Cover"))
    cover.column_dimensions["A"].width = 24
    cover.column_dimensions["B"].width = 48
    for index, row in enumerate(cover_rows(content, version=version, issued_at=issued_at)):
        cells = [_cell(cover, value) for value in safe_row(row)]
        if index == 0:
            cells[0].font = Font(bold=True, size=14)
        cover.append(cells)
    for section in content.sections:
        _sheet(workbook, section)
    return workbook_bytes(workbook)


def _cell(sheet, value, number_format: str | None = None, bold: bool = False) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value)
    if number_format:
        cell.number_format = number_format
    if bold:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    return cell


def _sheet(workbook: Workbook, section: Section) -> None:
    sheet = workbook.create_sheet(section.sheet[:31])  # Excel's limit on sheet names
    # A write-only sheet takes its column widths and panes before its rows.
    widths = [_width(column.title) for column in section.columns]
    for row in section.rows:
        for index, value in enumerate(row):
            widths[index] = max(widths[index], _width(value))
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(width + 2, WIDEST)
    sheet.freeze_panes = "A2"
    if section.rows:
        last = get_column_letter(len(section.columns))
        sheet.auto_filter.ref = f"A1:{last}{len(section.rows) + 1}"
    sheet.append([_cell(sheet, column.title, bold=True) for column in section.columns])
    # One styled cell per column, refilled for every row: a write-only sheet writes a row as
    # it is appended, so the cells are free again at once (styling 100,000s of new cells is
    # what made large workbooks slow).
    cells = [
        _cell(sheet, None, DATETIME_FORMAT if c.kind == "datetime" else NUMBER_FORMATS.get(c.kind))
        for c in section.columns
    ]
    for row in section.rows:
        for cell, value in zip(cells, safe_row(row), strict=True):
            cell.value = value
        sheet.append(cells)


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


def csv_zip_bytes(
    content: ReportContent, *, version: int, issued_at: datetime | None = None
) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "00-cover.csv", csv_bytes(cover_rows(content, version=version, issued_at=issued_at))
        )
        for number, section in enumerate(content.sections, start=1):
            rows = [[column.title for column in section.columns], *section.rows]
            archive.writestr(f"{number:02d}-{section.key}.csv", csv_bytes(rows))
    return buffer.getvalue()
