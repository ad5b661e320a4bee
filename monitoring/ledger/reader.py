"""Reading an uploaded ledger file into a table of text cells, refusing what is unsafe or
unreadable with a reason a person can act on."""

import io
import zipfile
from dataclasses import dataclass

import pandas as pd
from django.conf import settings
from django.utils.translation import gettext as _
from python_calamine import CalamineWorkbook

from monitoring.ledger.columns import COLUMN_LABELS, COLUMNS, HEADER_TO_KEY


class FileRejected(Exception):
    """The file as a whole cannot be read; nothing of it is ingested."""


@dataclass
class LedgerTable:
    frame: pd.DataFrame  # one column per key of COLUMNS, text cells, index = file row number


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
    """The first sheet as text cells, read by calamine (Rust) directly: much faster than
    pandas' per-cell conversion of the same reader."""
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
    rows = sheet.to_python(skip_empty_area=False)
    if not rows:
        return pd.DataFrame()
    header, body = rows[0], rows[1:]
    width = len(header)
    frame = pd.DataFrame([row[:width] for row in body], columns=[str(h) for h in header])
    for column in frame.columns:
        frame[column] = frame[column].map({v: _cell_text(v) for v in frame[column].unique()})
    return frame


def _cell_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


def _decode(data: bytes) -> str:
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


def ledger_file_read(*, name: str, data: bytes) -> LedgerTable:
    """The file's rows as text cells under canonical column keys."""
    if not data.strip():
        raise FileRejected(_("The file is empty."))
    file_format = detect_format(name, data[:4])
    try:
        if file_format == "xlsx":
            _check_zip(data)
            frame = _read_xlsx(data)
        else:
            frame = pd.read_csv(
                io.StringIO(_decode(data)), dtype=str, keep_default_na=False, skipinitialspace=True
            )
    except FileRejected:
        raise
    except pd.errors.EmptyDataError as exc:
        raise FileRejected(_("The file is empty.")) from exc
    except Exception as exc:  # the parsers' own errors, e.g. a ragged CSV line
        raise FileRejected(_("The file cannot be read: %(error)s") % {"error": exc}) from exc

    renamed, unknown = {}, []
    for header in frame.columns:
        key = HEADER_TO_KEY.get(str(header).strip().lower())
        if key is None:
            unknown.append(str(header))
        elif key in renamed.values():
            raise FileRejected(_("Column %(label)s appears twice.") % {"label": COLUMN_LABELS[key]})
        else:
            renamed[header] = key
    if unknown:
        raise FileRejected(
            _("Unknown columns: %(columns)s. Expected: %(expected)s.")
            % {
                "columns": ", ".join(unknown),
                "expected": ", ".join(COLUMN_LABELS.values()),
            }
        )
    missing = [
        COLUMN_LABELS[k]
        for k, (_zh, _en, required) in COLUMNS.items()
        if required and k not in renamed.values()
    ]
    if missing:
        raise FileRejected(_("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)})
    frame = frame.rename(columns=renamed)
    for key in COLUMNS:
        if key not in frame.columns:
            frame[key] = ""
        column = frame[key].astype(str)
        frame[key] = column.map({value: value.strip() for value in column.unique()})
    frame = frame[list(COLUMNS)]
    frame = frame[(frame != "").any(axis=1)]  # blank lines Excel leaves at the end
    if frame.empty:
        raise FileRejected(_("The file has a header but no data rows."))
    frame.index = frame.index + 2  # file row numbers: the header is row 1
    return LedgerTable(frame=frame)
