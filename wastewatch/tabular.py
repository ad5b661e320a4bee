"""Reading an uploaded table (CSV or XLSX) into text cells under canonical column keys,
refusing what is unsafe or unreadable with a reason a person can act on. Each upload format
(ledgers, economic figures) gives its columns: key → (Chinese header, English header,
required)."""

import csv
import io
import re
import unicodedata
import zipfile
from datetime import date
from decimal import Decimal

import pandas as pd
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy, pgettext_lazy
from python_calamine import CalamineWorkbook

from wastewatch.api.exceptions import ApplicationError
from wastewatch.messages import Message, define
from wastewatch.text import InvalidText, check_printable, normalize_code

Columns = dict[str, tuple[str, str, bool]]


FREE_TEXT = frozenset({"note"})

# What a reader is told about a file, kept as codes (a ledger's report is read later, by
# people who read another language than the uploader's).
CELLS_REJECTED = define(
    "table.cells_rejected",
    ngettext_lazy(
        "%(n)d cell holds a character that cannot be stored: nothing was ingested.",
        "%(n)d cells hold a character that cannot be stored: nothing was ingested.",
        "n",
    ),
)
NOT_A_WORKBOOK = define(
    "table.not_a_workbook",
    gettext_lazy(
        "The file is named .xlsx but is not an Excel workbook "
        "(not a zip archive). Save it again as .xlsx or as CSV."
    ),
)
WRONG_FORMAT = define(
    "table.wrong_format", gettext_lazy("Upload a .csv or .xlsx file; %(name)s is neither.")
)
WORKBOOK_DAMAGED = define(
    "table.workbook_damaged", gettext_lazy("The Excel workbook is damaged: %(error)s.")
)
WORKBOOK_EXPANDS = define(
    "table.workbook_expands",
    gettext_lazy(
        "The workbook expands to %(mb)d MB, over the limit of %(limit)d MB; it is refused "
        "as unsafe. Split it or upload CSV."
    ),
)
WORKBOOK_RATIO = define(
    "table.workbook_ratio",
    gettext_lazy(
        "The workbook is compressed implausibly well (%(ratio)d:1); it "
        "is refused as a possible zip bomb."
    ),
)
SHEETS_NOT_READ = define(
    "table.sheets_not_read",
    gettext_lazy(
        "Only the first sheet (%(first)s) was read; these sheets also hold data and were "
        "not read: %(sheets)s. Put every row on the first sheet, or upload each sheet "
        "as its own file."
    ),
)
HEADER_MERGED = define(
    "table.header_merged",
    gettext_lazy(
        "Column %(number)d has values, but its header cell is merged into the "
        "header %(header)s: unmerge the header cells and give each column one "
        "of the template's headers."
    ),
)
NOT_UTF8_OR_GB18030 = define(
    "table.encoding",
    gettext_lazy(
        "The CSV file is neither UTF-8 nor GB18030 text. Save it from Excel as "
        '"CSV UTF-8" or as .xlsx.'
    ),
)
QUOTE_UNCLOSED = define(
    "table.quote_unclosed",
    gettext_lazy(
        "Row %(row)d: a quotation mark opens a value that is not closed properly "
        "(%(error)s). Quote the whole value and double any quotation mark inside it."
    ),
)
ROW_TOO_WIDE = define(
    "table.row_too_wide",
    gettext_lazy(
        "Row %(row)s has %(cells)s cells, but the header has %(expected)s. A comma "
        "inside a value must be quoted (Excel does this when it saves CSV)."
    ),
)
ROW_TOO_NARROW = define(
    "table.row_too_narrow",
    gettext_lazy(
        "Row %(row)s has %(cells)s cells, but the header has %(expected)s: a cell is "
        "missing. Check the row's separators; an empty value still needs its comma."
    ),
)
# A column named by its two headers, the reader's language first: "flow (流向)", "流向 (flow)".
COLUMN_HEADER = define(
    "table.column_header", pgettext_lazy("a column named by its two headers", "%(en)s (%(zh)s)")
)
COLUMN_TWICE = define("table.column_twice", gettext_lazy("Column %(label)s appears twice."))
COLUMNS_UNKNOWN = define(
    "table.columns_unknown", gettext_lazy("Unknown columns: %(columns)s. Expected: %(expected)s.")
)
COLUMNS_MISSING = define("table.columns_missing", gettext_lazy("Missing columns: %(columns)s."))
FILE_EMPTY = define("table.empty", gettext_lazy("The file is empty."))
FILE_UNREADABLE = define("table.unreadable", gettext_lazy("The file cannot be read: %(error)s"))
TOO_MANY_ROWS = define(
    "table.too_many_rows",
    gettext_lazy("The file has %(rows)d rows; the limit is %(limit)d. Split it by month or park."),
)
NO_DATA_ROWS = define("table.no_data_rows", gettext_lazy("The file has a header but no data rows."))
COLUMN_WITHOUT_HEADER = define(
    "table.column_without_header",
    gettext_lazy(
        "Column %(number)d has values but no header: give it one of the template's "
        "headers, or delete it."
    ),
)
HEADER_CHARACTER = define(
    "table.header_character",
    gettext_lazy("Row 1, column %(number)d (the header): %(reason)s."),
)
CELL_CHARACTER = define(
    "table.cell_character", gettext_lazy("The cell holds a control character: %(reason)s.")
)
THOUSANDS_ONLY = define(
    "table.thousands_only",
    gettext_lazy(
        "%(value)s is not a number: a comma may only separate thousands, in groups "
        "of three digits (1,000.5 or 1,000,000); write decimals with a point "
        "(1000.5)."
    ),
)
NOT_A_NUMBER = define("table.not_a_number", gettext_lazy("%(value)r is not a number."))
NOT_A_MONTH = define(
    "table.not_a_month",
    gettext_lazy("Not a month: write it in one of these forms: %(forms)s (the month's first day)."),
)


class FileRejected(Exception):
    """The file as a whole cannot be read; nothing of it is ingested. Its message (args[0])
    is a Message where the reason is the platform's own, rendered when it is read."""


class CellsRejected(FileRejected):
    """Cells that can never be stored (control characters): each {row, column, value,
    reason}, as the row-by-row report lists them."""

    def __init__(self, errors: list[dict]) -> None:
        super().__init__(CELLS_REJECTED(n=len(errors)))
        self.errors = errors


class FileTooLarge(FileRejected, ApplicationError):
    """Refused by its size, before its body is read: 413 in the API's error shape."""

    status_code = 413
    code = "file_too_large"

    def __init__(self, *, limit: int, size: int | None) -> None:
        ApplicationError.__init__(
            self,
            upload_too_large_message(limit),
            extra={"limit_bytes": limit, "size_bytes": size},
        )


def detect_format(name: str, head: bytes) -> str:
    lowered = name.lower()
    if lowered.endswith(".xlsx"):
        if not head.startswith(b"PK\x03\x04"):
            raise FileRejected(NOT_A_WORKBOOK())
        return "xlsx"
    if lowered.endswith(".csv") or lowered.endswith(".txt"):
        return "csv"
    raise FileRejected(WRONG_FORMAT(name=name))


def _check_zip(data: bytes, limit: int) -> None:
    """Refuse archives that expand far beyond their size (zip bombs) before parsing them."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise FileRejected(WORKBOOK_DAMAGED(error=str(exc))) from exc
    expanded = sum(member.file_size for member in members)
    if expanded > limit:
        raise FileRejected(WORKBOOK_EXPANDS(mb=expanded // 2**20, limit=limit // 2**20))
    for member in members:
        if member.compress_size and member.file_size / member.compress_size > 200:
            raise FileRejected(WORKBOOK_RATIO(ratio=member.file_size // member.compress_size))


def _read_xlsx(data: bytes, known_sheets: tuple[str, ...]) -> tuple[list[list[str]], list[Message]]:
    """The first sheet as rows of text cells (row i is the spreadsheet's row i + 1), read by
    calamine (Rust) directly; and the notes to report: other sheets that hold data are named,
    never silently ignored."""
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    sheet = workbook.get_sheet_by_index(0)
    rows = [[_cell_text(cell) for cell in row] for row in sheet.to_python(skip_empty_area=False)]
    _merged_headers(sheet, rows)
    ignored = [
        name
        for name in workbook.sheet_names[1:]
        if name not in known_sheets
        and any(
            str(cell).strip()
            for row in workbook.get_sheet_by_name(name).to_python()
            for cell in row
        )
    ]
    notes = []
    if ignored:
        notes.append(SHEETS_NOT_READ(first=workbook.sheet_names[0], sheets=", ".join(ignored)))
    return rows, notes


def _merged_headers(sheet, rows: list[list[str]]) -> None:
    """A header cell merged across columns leaves the columns it covers without a header of
    their own; when they hold values, name the header they were merged into."""
    if not rows:
        return
    for (top, left), (_bottom, right) in getattr(sheet, "merged_cell_ranges", None) or []:
        if top != 0 or right <= left:
            continue
        header = rows[0][left].strip() if left < len(rows[0]) else ""
        for position in range(left + 1, right + 1):
            if any(position < len(row) and str(row[position]).strip() for row in rows[1:]):
                raise FileRejected(HEADER_MERGED(number=position + 1, header=header or "—"))


def _cell_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


def _decode(data: bytes) -> str:
    # UTF-16 puts a NUL byte in every ASCII character, and would otherwise decode as UTF-8 or
    # GB18030 without complaint; a stray NUL in real text is left to the cell check, which
    # names its row and column.
    head = data[:4096]
    utf16 = head.startswith((b"\xff\xfe", b"\xfe\xff")) or head.count(b"\x00") * 4 > len(head)
    if not utf16:
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                continue
    raise FileRejected(NOT_UTF8_OR_GB18030())


def _read_csv(data: bytes) -> list[list[str]]:
    """Rows as Excel numbers them: one per record, blank lines included (a quoted value may
    span lines and is still one row)."""
    reader = csv.reader(io.StringIO(_decode(data), newline=""), strict=True)
    rows: list[list[str]] = []
    try:
        for record in reader:
            rows.append(record)
    except csv.Error as exc:
        raise FileRejected(QUOTE_UNCLOSED(row=len(rows) + 1, error=str(exc))) from exc
    return rows


def _check_widths(rows: list[list[str]]) -> None:
    """Every row has as many cells as the header: a cell too many or too few shifts values
    into the wrong columns, so the row is refused, never padded."""
    expected = len(rows[0])
    for number, row in enumerate(rows[1:], start=2):
        if not row or len(row) == expected:
            continue
        message = ROW_TOO_WIDE if len(row) > expected else ROW_TOO_NARROW
        raise FileRejected(message(row=number, cells=len(row), expected=expected))


def column_labels(columns: Columns) -> dict[str, str]:
    """ "中文 (english)" per key, as reports name the columns."""
    return {key: f"{zh} ({en})" for key, (zh, en, _required) in columns.items()}


def column_header(columns: Columns, key: str) -> Message:
    """The column `key` by its two headers, in the reader's language first when rendered."""
    zh, en, _required = columns[key]
    return COLUMN_HEADER(zh=zh, en=en)


def _columns(
    header: list, columns: Columns, aliases: dict[str, str] | None = None
) -> tuple[dict[int, str], list[int]]:
    """Column keys by position, and the positions of header-less columns. `aliases` are
    headers a format used before (old header → key), still read."""
    header_to_key = {
        text.strip().lower(): key for key, (zh, en, _r) in columns.items() for text in (zh, en)
    }
    header_to_key.update({text.lower(): key for text, key in (aliases or {}).items()})
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
            raise FileRejected(COLUMN_TWICE(label=column_header(columns, key)))
        else:
            keys[position] = key
    if unknown:
        raise FileRejected(
            COLUMNS_UNKNOWN(
                columns=", ".join(unknown), expected=[column_header(columns, k) for k in columns]
            )
        )
    missing = [
        column_header(columns, key)
        for key, (_zh, _en, required) in columns.items()
        if required and key not in keys.values()
    ]
    if missing:
        raise FileRejected(COLUMNS_MISSING(columns=missing))
    return keys, nameless


def table_read(
    *,
    name: str,
    data: bytes,
    columns: Columns,
    aliases: dict[str, str] | None = None,
    free_text: frozenset[str] = FREE_TEXT,
    known_sheets: tuple[str, ...] = (),
    max_expanded: int | None = None,
    max_rows: int | None = None,
) -> pd.DataFrame:
    """The file's rows as text cells, one column per key of `columns` (absent optional
    columns empty), indexed by the row number a spreadsheet shows (the header is row 1, blank
    lines count). Cells are NFKC-folded (full-width digits and letters to ordinary ones) and
    trimmed, except the free-text columns; a control character in any cell refuses the file
    with CellsRejected naming each row and column. `frame.attrs["notes"]` holds what the
    report should say besides (sheets that were not read); `known_sheets` are a template's
    own extra sheets, not worth a note; `aliases` are former headers still read (old header →
    key). `max_expanded` bounds a workbook's unzipped size
    (LEDGER_XLSX_MAX_EXPANDED_BYTES by default) and `max_rows` the rows, for files parsed
    inside a request."""
    if not data.strip() or data.strip() == "\ufeff".encode():
        raise FileRejected(FILE_EMPTY())
    file_format = detect_format(name, data[:4])
    notes: list[Message] = []
    try:
        if file_format == "xlsx":
            _check_zip(data, max_expanded or settings.LEDGER_XLSX_MAX_EXPANDED_BYTES)
            rows, notes = _read_xlsx(data, known_sheets)
        else:
            rows = _read_csv(data)
    except FileRejected:
        raise
    except Exception as exc:  # the parsers' own errors
        message = str(exc).strip()
        raise FileRejected(FILE_UNREADABLE(error=message)) from exc
    if not rows or not any(str(cell).strip() for cell in rows[0]):
        raise FileRejected(FILE_EMPTY())
    if max_rows is not None and len(rows) - 1 > max_rows:
        raise FileRejected(TOO_MANY_ROWS(rows=len(rows) - 1, limit=max_rows))
    if file_format == "csv":
        _check_widths(rows)

    header = [_header_text(cell, position) for position, cell in enumerate(rows[0])]
    keys, nameless = _columns(header, columns, aliases)
    width = len(header)
    grid = pd.DataFrame(
        [row + [""] * (width - len(row)) if len(row) < width else row for row in rows[1:]],
        columns=range(width),
        dtype=object,
    )
    if grid.empty:
        raise FileRejected(NO_DATA_ROWS())
    grid.index = grid.index + 2  # the header is row 1
    for position in nameless:
        cells = grid[position].astype(str).str.strip()
        if (cells != "").any():
            raise FileRejected(COLUMN_WITHOUT_HEADER(number=position + 1))
    frame = grid[list(keys)].rename(columns=keys)
    labels = column_labels(columns)
    problems: list[dict] = []
    for key in columns:
        if key not in frame.columns:
            frame[key] = ""
            continue
        column = frame[key].astype(str)
        clean = {value: _clean(value, free=key in free_text) for value in column.unique()}
        bad = {value: reason for value, (_text, reason) in clean.items() if reason}
        if bad:
            for row, value in column[column.isin(list(bad))].items():
                problems.append(
                    {
                        "row": int(row),
                        "column": labels[key],
                        "value": visible(value),
                        "reason": bad[value],
                    }
                )
        frame[key] = column.map({value: text for value, (text, _reason) in clean.items()})
    if problems:
        problems.sort(key=lambda item: (item["row"], item["column"]))
        raise CellsRejected(problems)
    frame = frame[list(columns)]
    frame = frame[(frame != "").any(axis=1)]  # blank lines, and those Excel leaves at the end
    if frame.empty:
        raise FileRejected(NO_DATA_ROWS())
    frame.attrs["notes"] = notes
    return frame


def _header_text(cell: object, position: int) -> str:
    text = str(cell)
    try:
        return normalize_code(text)
    except InvalidText as invalid:
        raise FileRejected(
            HEADER_CHARACTER(number=position + 1, reason=invalid.args[0])
        ) from invalid


def _clean(value: str, *, free: bool) -> tuple[str, Message | None]:
    """(the cell as validation reads it, reason it is refused or "")."""
    if value.isascii() and value.isprintable():  # most cells: NFKC leaves them as they are
        return value.strip(), None
    try:
        if free:
            return check_printable(value, multiline=True).strip(), None
        return normalize_code(value), None
    except InvalidText as invalid:
        return "", CELL_CHARACTER(reason=invalid.args[0])


def visible(value: str) -> str:
    """The value with its control characters written as U+0000, so that a report can show
    (and a database store) it."""
    return _CONTROL_ANY.sub(lambda match: f"<U+{ord(match.group()):04X}>", value)


_CONTROL_ANY = re.compile(r"[\x00-\x1f\x7f]")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_PLAIN_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")


class NotANumber(ValueError):
    """The text is not a number as uploads write them; the message (args[0], a Message) says
    why."""


def number_parse(text: str) -> Decimal | None:
    """The number a cell writes (already NFKC-folded), None when it is empty. A comma is a
    thousands separator only in groups of three digits (1,000.5, 1,000,000): "1000,5" is
    refused, never read as 10005."""
    value = text.strip()
    if not value:
        return None
    if "," in value:
        if not _THOUSANDS.match(value):
            raise NotANumber(THOUSANDS_ONLY(value=value))
        value = value.replace(",", "")
    if not _PLAIN_NUMBER.match(value):
        raise NotANumber(NOT_A_NUMBER(value=value))
    number = Decimal(value)
    if not number.is_finite():
        raise NotANumber(NOT_A_NUMBER(value=value))
    return number


def upload_too_large_message(limit: int) -> str:
    return _("The file is larger than the limit of %(limit)s MB. Split it by month or park.") % {
        "limit": f"{limit / 2**20:g}"
    }


def upload_read(upload: UploadedFile, *, limit: int) -> bytes:
    """The bytes of an uploaded file, refused by its size before they are read into memory
    (Django spools large uploads to disk); the one way every upload path reads its file."""
    if upload.size is None or upload.size > limit:
        raise FileTooLarge(limit=limit, size=upload.size)
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:  # a size that lied
        raise FileTooLarge(limit=limit, size=None)
    return data


# With a point, the month takes two digits: 2026.1 is what a number cell typed 2026.10 holds.
MONTH_RE = re.compile(r"^(\d{4})(?:[-/年](\d{1,2})|\.(\d{2}))月?(?:[-/.](\d{1,2})日?)?(?:[ T].*)?$")
COMPACT_MONTH_RE = re.compile(r"^(\d{4})(\d{2})$")
MONTH_FORMS = "2026-07, 2026/7, 2026.07, 2026年7月, 202607, 2026-07-01"


def month_message() -> Message:
    """Why a period is not a month, naming every form that is."""
    return NOT_A_MONTH(forms=MONTH_FORMS)


def month_parse(value: str) -> date | None:
    """The first day of the month a cell names ("2026-03", "2026/3", "2026年3月", "202603" as
    text or number, "2026-03-01"), or None: a day other than the first is not a month."""
    value = unicodedata.normalize("NFKC", value).strip()
    match = MONTH_RE.match(value) or COMPACT_MONTH_RE.match(value)
    if not match:
        return None
    if match.re is MONTH_RE:
        year, month, day = int(match[1]), int(match[2] or match[3]), int(match[4] or 1)
    else:
        year, month, day = int(match[1]), int(match[2]), 1
    if not (year >= 2000 and 1 <= month <= 12 and day == 1):
        return None
    return date(year, month, 1)
