"""Every CSV and XLSX the platform writes goes through here, so that no cell becomes a formula
when a person opens the file in Excel or WPS (OWASP "CSV injection"): a text cell that begins
with =, +, -, @, a tab or a carriage return is written with a leading apostrophe, which the
spreadsheet shows as the text itself. Numbers stay numbers: only text is ever neutralised, and
text that is exactly a plain number ("-5", "-3000.000", a figure formatted for a report) is a
number to the spreadsheet too, never a formula, so a negative quantity is still -5, not the
text "'-5"."""

import codecs
import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal

import pandas as pd
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")

Cell = str | int | float | Decimal | date | datetime | bool | None


def safe_cell(value: Cell) -> Cell:
    """The value as it may be written: text that a spreadsheet would read as a formula gets a
    leading apostrophe; anything that is not text is returned unchanged."""
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_STARTS)
        and not _PLAIN_NUMBER.match(value)
    ):
        return "'" + value
    return value


def safe_row(row: Iterable[Cell]) -> list[Cell]:
    return [safe_cell(value) for value in row]


def csv_text(rows: Iterable[Sequence[Cell]], **writer_options) -> str:
    """Rows as CSV text, every text cell neutralised; `writer_options` go to csv.writer."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, **writer_options)
    for row in rows:
        writer.writerow(safe_row(row))
    return buffer.getvalue()


def csv_bytes(rows: Iterable[Sequence[Cell]], *, bom: bool = True, **writer_options) -> bytes:
    """Rows as CSV in UTF-8, with a BOM by default so that Excel opens it as Unicode."""
    return csv_text(rows, **writer_options).encode("utf-8-sig" if bom else "utf-8")


class _Line:
    """A file that hands back what it is given: csv.writer's writerow then returns the row's
    text instead of storing it."""

    def write(self, text: str) -> str:
        return text


def csv_stream(
    rows: Iterable[Sequence[Cell]],
    *,
    bom: bool = True,
    chunk_bytes: int = 64 * 1024,
    **writer_options,
) -> Iterator[bytes]:
    """Rows as CSV in UTF-8, every text cell neutralised, handed out in chunks of about
    `chunk_bytes` as the rows come (a BOM first by default): for files streamed to the client,
    never held whole in memory."""
    writer = csv.writer(_Line(), **writer_options)
    pending: list[bytes] = [codecs.BOM_UTF8] if bom else []
    size = sum(map(len, pending))
    for row in rows:
        line = writer.writerow(safe_row(row)).encode("utf-8")
        pending.append(line)
        size += len(line)
        if size >= chunk_bytes:
            yield b"".join(pending)
            pending, size = [], 0
    if pending:
        yield b"".join(pending)


def frame_to_csv(frame: pd.DataFrame, target, **to_csv_options) -> None:
    """pandas' to_csv with every text cell neutralised (numeric columns are left alone)."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(safe_cell)
    safe.to_csv(target, **to_csv_options)


def sheet_append(sheet: Worksheet, row: Iterable[Cell]) -> None:
    """Append a row to an openpyxl sheet: text cells never become formulas."""
    sheet.append(safe_row(row))


def workbook_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
