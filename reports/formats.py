"""A report's content as files: an XLSX workbook (a cover, then one sheet per section) and a
zip of CSVs (one per sheet, UTF-8 with a BOM so that Excel reads Chinese). Every cell goes
through the shared writer that keeps text from becoming a formula; numbers are stored as
numbers with a number format, never as text."""

import io
import re
import zipfile
from datetime import date, datetime
from itertools import zip_longest

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from reports.collector import collection_paused
from reports.content import ReportContent, Section
from reports.models import period_label
from wastewatch.tabular_write import StreamingWorkbook, csv_bytes

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


@collection_paused
def xlsx_bytes(content: ReportContent, *, version: int, issued_at: datetime | None = None) -> bytes:
    """The workbook, streamed sheet by sheet (tabular_write.StreamingWorkbook: measured in
    bench/report_issue.py against openpyxl's write-only mode, which it outruns several times
    over on a city's 500,000 cells)."""
    buffer = io.BytesIO()
    workbook = StreamingWorkbook(buffer)
    cover = cover_rows(content, version=version, issued_at=issued_at)
    with translation.override(content.language):
        cover_name = _("Cover")
    workbook.add_sheet(cover_name, cover[1:], title=cover[0], widths=[24, 48])
    for section in content.sections:
        workbook.add_sheet(
            section.sheet[:31],  # Excel's limit on sheet names
            section.rows,
            header=[column.title for column in section.columns],
            formats=[
                DATETIME_FORMAT if c.kind == "datetime" else NUMBER_FORMATS.get(c.kind)
                for c in section.columns
            ],
            widths=_widths(section),
        )
    workbook.close()
    return buffer.getvalue()


def _widths(section: Section) -> list[int]:
    """Each column's width: its widest cell (or title), at most WIDEST."""
    widths = []
    values_by_column = zip_longest(*section.rows) if section.rows else [()] * len(section.columns)
    for column, values in zip(section.columns, values_by_column, strict=False):
        distinct = set(values) - {None}
        if column.kind == "number" and set(map(type, distinct)) <= {float}:
            # "#,##0.000" is widest at the largest and the most negative number.
            distinct = {max(distinct), min(distinct)} if distinct else set()
        width = max([_width(column.title), *(_width(value) for value in distinct)])
        widths.append(min(width + 2, WIDEST))
    return widths


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
    return len(text) + len(_WIDE.findall(text))


_WIDE = re.compile("[\u2e81-\U0010ffff]")  # characters shown two columns wide


@collection_paused
def csv_zip_bytes(
    content: ReportContent, *, version: int, issued_at: datetime | None = None
) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr(
            "00-cover.csv", csv_bytes(cover_rows(content, version=version, issued_at=issued_at))
        )
        for number, section in enumerate(content.sections, start=1):
            rows = [[column.title for column in section.columns], *section.rows]
            archive.writestr(f"{number:02d}-{section.key}.csv", csv_bytes(rows))
    return buffer.getvalue()
