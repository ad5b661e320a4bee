"""Reading an uploaded table (CSV or XLSX) into text cells under canonical column keys,
refusing what is unsafe or unreadable with a reason a person can act on. Each upload format
(ledgers, economic figures) gives its columns: key → (Chinese header, English header,
required)."""

import io
import re
import zipfile
from datetime import date

import pandas as pd
from django.conf import settings
from django.utils.translation import gettext as _
from python_calamine import CalamineWorkbook

Columns = dict[str, tuple[str, str, bool]]


class FileRejected(Exception):
    """The file as a whole cannot be read; nothing of it is ingested."""


def detect_format(name: str, head: bytes) -> str:
    lowered = name.lower()
    if lowered.endswith(".xlsx"):
        if not head.startswith(b"PK\x03\x04"):
            raise FileRejected(
                _(
                    "The file is named .xlsx but is not an Excel workbook "
                    "(not a zip archive). Save it again as .xlsx or as CSV."
                )
            )
        return "xlsx"
    if lowered.endswith(".csv") or lowered.endswith(".txt"):
        return "csv"
    raise FileRejected(_("Upload a .csv or .xlsx file; %(name)s is neither.") % {"name": name})


def _check_zip(data: bytes) -> None:
    """Refuse archives that expand far beyond their size (zip bombs) before parsing them."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise FileRejected(_("The Excel workbook is damaged: %(error)s.") % {"error": exc}) from exc
    expanded = sum(member.file_size for member in members)
    limit = settings.LEDGER_XLSX_MAX_EXPANDED_BYTES
    if expanded > limit:
        raise FileRejected(
            _(
                "The workbook expands to %(mb)d MB, over the limit of %(limit)d MB; it is refused "
                "as unsafe. Split it or upload CSV."
            )
            % {"mb": expanded // 2**20, "limit": limit // 2**20}
        )
    for member in members:
        if member.compress_size and member.file_size / member.compress_size > 200:
            raise FileRejected(
                _(
                    "The workbook is compressed implausibly well (%(ratio)d:1); it "
                    "is refused as a possible zip bomb."
                )
                % {"ratio": member.file_size // member.compress_size}
            )


def _read_xlsx(data: bytes) -> pd.DataFrame:
    """The first sheet as a grid of text cells (header included), read by calamine (Rust)
    directly: much faster than pandas' per-cell conversion of the same reader."""
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
    rows = sheet.to_python(skip_empty_area=False)
    if not rows or not any(str(cell).strip() for cell in rows[0]):
        return pd.DataFrame()
    frame = pd.DataFrame(rows)
    for column in frame.columns:
        frame[column] = frame[column].map({v: _cell_text(v) for v in frame[column].unique()})
    return frame


def _cell_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


def _decode(data: bytes) -> str:
    # Text in either encoding holds no NUL byte, whereas UTF-16 (NUL in every ASCII character)
    # would otherwise decode as GB18030 without complaint.
    if b"\x00" not in data[:4096]:
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                continue
    raise FileRejected(
        _(
            "The CSV file is neither UTF-8 nor GB18030 text. Save it from Excel as "
            '"CSV UTF-8" or as .xlsx.'
        )
    )


def _read_csv(data: bytes) -> pd.DataFrame:
    try:
        return pd.read_csv(
            io.StringIO(_decode(data)),
            header=None,
            dtype=str,
            keep_default_na=False,
            skipinitialspace=True,
        )
    except pd.errors.ParserError as exc:
        ragged = RAGGED_RE.search(str(exc))
        if ragged:
            raise FileRejected(
                _(
                    "Row %(row)s has %(cells)s cells, but the header has %(expected)s. A comma "
                    "inside a value must be quoted (Excel does this when it saves CSV)."
                )
                % {"row": ragged["row"], "cells": ragged["saw"], "expected": ragged["expected"]}
            ) from exc
        raise


RAGGED_RE = re.compile(r"Expected (?P<expected>\d+) fields in line (?P<row>\d+), saw (?P<saw>\d+)")


def column_labels(columns: Columns) -> dict[str, str]:
    """ "中文 (english)" per key, as reports name the columns."""
    return {key: f"{zh} ({en})" for key, (zh, en, _required) in columns.items()}


def _columns(header: list, columns: Columns) -> tuple[dict[int, str], list[int]]:
    """Column keys by position, and the positions of header-less columns."""
    header_to_key = {
        text.strip().lower(): key for key, (zh, en, _r) in columns.items() for text in (zh, en)
    }
    labels = column_labels(columns)
    keys: dict[int, str] = {}
    nameless: list[int] = []
    unknown: list[str] = []
    for position, raw in enumerate(header):
        text = str(raw).strip()
        if not text:
            nameless.append(position)
            continue
        key = header_to_key.get(text.lower())
        if key is None:
            unknown.append(text)
        elif key in keys.values():
            raise FileRejected(_("Column %(label)s appears twice.") % {"label": labels[key]})
        else:
            keys[position] = key
    if unknown:
        raise FileRejected(
            _("Unknown columns: %(columns)s. Expected: %(expected)s.")
            % {"columns": ", ".join(unknown), "expected": ", ".join(labels.values())}
        )
    missing = [
        labels[key]
        for key, (_zh, _en, required) in columns.items()
        if required and key not in keys.values()
    ]
    if missing:
        raise FileRejected(_("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)})
    return keys, nameless


def table_read(*, name: str, data: bytes, columns: Columns) -> pd.DataFrame:
    """The file's rows as text cells, one column per key of `columns` (absent optional
    columns empty), indexed by the row number a spreadsheet shows (the header is row 1)."""
    if not data.strip() or data.strip() == "\ufeff".encode():
        raise FileRejected(_("The file is empty."))
    file_format = detect_format(name, data[:4])
    try:
        if file_format == "xlsx":
            _check_zip(data)
            grid = _read_xlsx(data)
        else:
            grid = _read_csv(data)
    except FileRejected:
        raise
    except pd.errors.EmptyDataError as exc:
        raise FileRejected(_("The file is empty.")) from exc
    except Exception as exc:  # the parsers' own errors
        message = str(exc).strip()
        raise FileRejected(_("The file cannot be read: %(error)s") % {"error": message}) from exc
    if grid.empty:
        raise FileRejected(_("The file is empty."))

    keys, nameless = _columns(list(grid.iloc[0]), columns)
    body = grid.iloc[1:]
    for position in nameless:
        cells = body[position].astype(str).str.strip()
        if (cells != "").any():
            raise FileRejected(
                _(
                    "Column %(number)d has values but no header: give it one of the template's "
                    "headers, or delete it."
                )
                % {"number": position + 1}
            )
    frame = body[list(keys)].rename(columns=keys)
    for key in columns:
        if key not in frame.columns:
            frame[key] = ""
        column = frame[key].astype(str)
        frame[key] = column.map({value: value.strip() for value in column.unique()})
    frame = frame[list(columns)]
    frame = frame[(frame != "").any(axis=1)]  # blank lines Excel leaves at the end
    if frame.empty:
        raise FileRejected(_("The file has a header but no data rows."))
    frame.index = frame.index + 1  # position 0 is the header, row 1 in a spreadsheet
    return frame


MONTH_RE = re.compile(r"^(\d{4})[-/.年](\d{1,2})月?(?:[-/.](\d{1,2}))?(?:[ T].*)?$")


def month_parse(value: str) -> date | None:
    """The first day of the month a cell names ("2026-03", "2026/3", "2026年3月",
    "2026-03-01"), or None: a day other than the first is not a month."""
    match = MONTH_RE.match(value)
    if not match:
        return None
    year, month, day = int(match[1]), int(match[2]), int(match[3] or 1)
    if not (year >= 2000 and 1 <= month <= 12 and day == 1):
        return None
    return date(year, month, 1)
