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
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from itertools import islice, zip_longest

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
    """safe_cell of every value (inlined: CSVs of 100,000s of cells are written through it)."""
    return [
        "'" + value
        if isinstance(value, str)
        and value.startswith(FORMULA_STARTS)
        and not _PLAIN_NUMBER.match(value)
        else value
        for value in row
    ]


def csv_text(rows: Iterable[Sequence[Cell]], **writer_options) -> str:
    """Rows as CSV text, every text cell neutralised; `writer_options` go to csv.writer."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, **writer_options)
    rows = iter(rows)
    while chunk := list(islice(rows, _CHUNK_ROWS)):
        writer.writerows(_safe_rows(chunk))
    return buffer.getvalue()


def _safe_rows(rows: list[Sequence[Cell]]) -> Iterable[Sequence[Cell]]:
    """safe_row of each row, column by column where the rows are as long as each other (a
    report's are): columns are left as they are unless one of their texts needs it."""
    lengths = {len(row) for row in rows}
    if len(lengths) != 1 or 0 in lengths:
        return map(safe_row, rows)
    return zip(*(_safe_column(values) for values in zip(*rows, strict=True)), strict=True)


def _safe_column(values: tuple[Cell, ...]) -> Sequence[Cell]:
    """safe_row of a column: a column without text, or of texts of which none needs it (tested
    once per distinct text), is returned unchanged."""
    kinds = set(map(type, values))
    if not any(issubclass(kind, str) for kind in kinds):
        return values
    if kinds <= {str, type(None)} and all(safe_cell(value) is value for value in set(values)):
        return values
    return safe_row(values)


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


# A streaming XLSX writer: each sheet's XML is built a chunk of rows at a time (a handful of
# styles; text in the workbook's shared strings, written last) and deflated into the zip as it
# goes. openpyxl, even write-only, spends about 10 µs per cell on objects and styles; a monthly
# city report has about 500,000 cells. It writes only what reports need: numbers with number
# formats, text, dates, a bold frozen header row with an autofilter, a title cell, column
# widths.

_XML_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})
# Characters XML 1.0 cannot hold (openpyxl refuses them too); dropped from text.
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_EPOCH = datetime(1899, 12, 30)  # Excel's day 0 (1900 date system, after its leap-day bug)
_BUILTIN_FORMATS = {"General": 0, "0": 1, "0.00": 2, "#,##0": 3, "#,##0.00": 4}
_TITLE, _BOLD = "title", "bold"
_DATE_FORMAT, _DATETIME_FORMAT = "yyyy-mm-dd", "yyyy-mm-dd hh:mm"


def xml_text(value: str) -> str:
    """Text as XML character data (attribute-safe too)."""
    return _XML_ILLEGAL.sub("", value).translate(_XML_ESCAPES)


def column_letter(index: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


class StreamingWorkbook:
    """An XLSX written sheet by sheet into `target` (a binary file), every text cell through
    safe_cell. Use: add_sheet(...) for each sheet, then close()."""

    def __init__(self, target, *, compresslevel: int = 1):
        self._zip = zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=compresslevel)
        self._sheets: list[tuple[str, str | None]] = []  # (name, autofilter range)
        self._styles: dict[tuple[str, str], int] = {("General", ""): 0}
        self._strings: dict[str, str] = {}  # shared strings: text → its index
        self._shared: list[str] = []  # their XML, by index

    def _style(self, number_format: str | None, font: str = "") -> int:
        return self._styles.setdefault((number_format or "General", font), len(self._styles))

    def add_sheet(
        self,
        name: str,
        rows: Iterable[Sequence[Cell]],
        *,
        header: Sequence[Cell] | None = None,
        title: Sequence[Cell] | None = None,
        formats: Sequence[str | None] = (),
        widths: Sequence[float] = (),
    ) -> None:
        """A sheet (name at most 31 characters): an optional `title` row (its first cell large
        and bold), then an optional `header` row (bold, wrapped, frozen, with an autofilter
        over the rows), then `rows`, column i's numbers in number format `formats[i]`."""
        number = len(self._sheets) + 1
        date_style, datetime_style = self._style(_DATE_FORMAT), self._style(_DATETIME_FORMAT)
        styles = [self._style(f) for f in formats] + [0] * len(_LETTERS)
        parts = [
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        ]
        first = 1 + (title is not None)  # the header's row
        if header is not None:
            parts.append(
                '<sheetViews><sheetView workbookViewId="0">'
                f'<pane ySplit="{first}" topLeftCell="A{first + 1}" activePane="bottomLeft" '
                'state="frozen"/><selection pane="bottomLeft"/></sheetView></sheetViews>'
            )
        else:
            parts.append('<sheetViews><sheetView workbookViewId="0"/></sheetViews>')
        if widths:
            parts.append("<cols>")
            parts.extend(
                f'<col min="{i}" max="{i}" width="{w:.2f}" customWidth="1"/>'
                for i, w in enumerate(widths, start=1)
            )
            parts.append("</cols>")
        parts.append("<sheetData>")
        cells = _Cells(self._strings, self._shared, date_style, datetime_style)
        with self._zip.open(f"xl/worksheets/sheet{number}.xml", "w") as stream:
            line = 0
            if title is not None:
                styled = [self._style(None, _TITLE)] + [0] * len(_LETTERS)
                parts.append(cells.rows_xml(line + 1, [title], styled))
                line += 1
            if header is not None:
                styled = [self._style(None, _BOLD)] * len(_LETTERS)
                parts.append(cells.rows_xml(line + 1, [header], styled))
                line += 1
            rows = iter(rows)
            while chunk := list(islice(rows, _CHUNK_ROWS)):
                parts.append(cells.rows_xml(line + 1, chunk, styles))
                line += len(chunk)
                stream.write("".join(parts).encode())
                parts = []
            parts.append("</sheetData>")
            autofilter = None
            if header is not None and line > first:
                autofilter = f"A{first}:{column_letter(len(header))}{line}"
                parts.append(f'<autoFilter ref="{autofilter}"/>')
            parts.append(
                '<pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" '
                'footer="0.5"/></worksheet>'
            )
            stream.write("".join(parts).encode())
        self._sheets.append((name[:31], autofilter))

    def close(self) -> None:
        sheets = range(1, len(self._sheets) + 1)
        self._zip.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            + "".join(
                f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/'
                'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                for n in sheets
            )
            + "</Types>",
        )
        self._zip.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        filters = "".join(
            f'<definedName name="_xlnm._FilterDatabase" localSheetId="{n}" hidden="1">'
            f"{xml_text(_quoted(name))}!{_absolute(ref)}</definedName>"
            for n, (name, ref) in enumerate(self._sheets)
            if ref
        )
        self._zip.writestr(
            "xl/workbook.xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<bookViews><workbookView activeTab="0"/></bookViews><sheets>'
            + "".join(
                f'<sheet name="{xml_text(name)}" sheetId="{n}" r:id="rId{n}"/>'
                for n, (name, _ref) in zip(sheets, self._sheets, strict=True)
            )
            + "</sheets>"
            + (f"<definedNames>{filters}</definedNames>" if filters else "")
            + "</workbook>",
        )
        self._zip.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(
                f'<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/'
                'officeDocument/2006/relationships/worksheet" '
                f'Target="worksheets/sheet{n}.xml"/>'
                for n in sheets
            )
            + f'<Relationship Id="rId{len(self._sheets) + 1}" Type="http://schemas.'
            'openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
            f'<Relationship Id="rId{len(self._sheets) + 2}" Type="http://schemas.'
            'openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
            'Target="sharedStrings.xml"/></Relationships>',
        )
        self._zip.writestr("xl/styles.xml", self._styles_xml())
        with self._zip.open("xl/sharedStrings.xml", "w") as stream:
            stream.write(
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://'
                f'schemas.openxmlformats.org/spreadsheetml/2006/main" uniqueCount="'
                f'{len(self._shared)}">'.encode()
            )
            for start in range(0, len(self._shared), _CHUNK_ROWS):
                stream.write(
                    "".join(
                        f'<si><t xml:space="preserve">{text}</t></si>'
                        for text in self._shared[start : start + _CHUNK_ROWS]
                    ).encode()
                )
            stream.write(b"</sst>")
        self._zip.close()

    def _styles_xml(self) -> str:
        custom = {}
        for number_format, _font in self._styles:
            if number_format not in _BUILTIN_FORMATS and number_format not in custom:
                custom[number_format] = 164 + len(custom)
        fonts = {"": 0, _BOLD: 1, _TITLE: 2}
        xfs = []
        for number_format, font in self._styles:
            format_id = _BUILTIN_FORMATS.get(number_format, custom.get(number_format))
            attributes = f'numFmtId="{format_id}" fontId="{fonts[font]}" fillId="0" borderId="0"'
            if format_id:
                attributes += ' applyNumberFormat="1"'
            if font:
                attributes += ' applyFont="1"'
            if font == _BOLD:
                xfs.append(
                    f'<xf {attributes} applyAlignment="1">'
                    '<alignment vertical="top" wrapText="1"/></xf>'
                )
            else:
                xfs.append(f"<xf {attributes}/>")
        return (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            + (
                f'<numFmts count="{len(custom)}">'
                + "".join(
                    f'<numFmt numFmtId="{i}" formatCode="{xml_text(code)}"/>'
                    for code, i in custom.items()
                )
                + "</numFmts>"
                if custom
                else ""
            )
            + '<fonts count="3"><font><sz val="11"/><name val="Calibri"/></font>'
            '<font><b/><sz val="11"/><name val="Calibri"/></font>'
            '<font><b/><sz val="14"/><name val="Calibri"/></font></fonts>'
            '<fills count="2"><fill><patternFill patternType="none"/></fill>'
            '<fill><patternFill patternType="gray125"/></fill></fills>'
            '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border>'
            "</borders>"
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
            "</cellStyleXfs>"
            f'<cellXfs count="{len(xfs)}">{"".join(xfs)}</cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/>'
            "</cellStyles></styleSheet>"
        )


def _quoted(sheet: str) -> str:
    return "'" + sheet.replace("'", "''") + "'"


def _absolute(ref: str) -> str:
    """A1:L4 → $A$1:$L$4."""
    return ":".join(re.sub(r"([A-Z]+)(\d+)", r"$\1$\2", part) for part in ref.split(":"))


_LETTERS = [column_letter(i) for i in range(1, 703)]  # A … ZZ


_CHUNK_ROWS = 2000  # rows encoded at a time, column by column
_NONE = type(None)


@dataclass
class _Cells:
    """Encodes a sheet's rows as XML, a chunk of rows at a time and column by column: a
    column of only numbers or only text (most of a report's) takes a loop without a test
    of each cell's type (a city report has about 500,000 cells). None and "" are left out
    (empty cells). Text goes to the workbook's shared strings, neutralised (safe_cell) and
    escaped once per distinct text: a report repeats its names and codes, and a cell then
    holds the text's index (`strings`, by text) instead of the text."""

    strings: dict[str, str]
    shared: list[str]  # the shared strings' XML, in the order of their indexes
    date_style: int
    datetime_style: int

    def _string(self, value: str) -> str:
        index = self.strings.get(value)
        if index is None:
            index = self.strings[value] = str(len(self.shared))
            self.shared.append(xml_text(safe_cell(value)))
        return index

    def rows_xml(self, first: int, rows: list[Sequence[Cell]], styles: Sequence[int]) -> str:
        """<row>s for `rows`, numbered from `first`; column i in style `styles[i]`."""
        numbers = [str(line) for line in range(first, first + len(rows))]
        columns = [
            self._column_xml(_LETTERS[index], numbers, values, styles[index])
            for index, values in enumerate(zip_longest(*rows))
        ]
        return "".join(
            f'<row r="{line}">{"".join(cells)}</row>'
            for line, *cells in zip(numbers, *columns, strict=True)
        )

    def _column_xml(self, letter: str, numbers: list[str], values: tuple, style: int) -> list:
        kinds = set(map(type, values))
        if kinds <= {float, _NONE}:
            head, tail = f'<c r="{letter}', f'" s="{style}"><v>'
            return [
                f"{head}{line}{tail}{value!r}</v></c>"
                if value is not None and value == value and value not in _INFINITIES
                else ""  # NaN and infinities have no spreadsheet value
                for line, value in zip(numbers, values, strict=True)
            ]
        if kinds <= {str, _NONE}:
            strings = self.strings
            head, tail = f'<c r="{letter}', f'" s="{style}" t="s"><v>'
            cells = []
            for line, value in zip(numbers, values, strict=True):
                if not value:
                    cells.append("")
                    continue
                index = strings.get(value) or self._string(value)
                cells.append(f"{head}{line}{tail}{index}</v></c>")
            return cells
        return [
            "" if value is None else self._cell_xml(f"{letter}{line}", value, style)
            for line, value in zip(numbers, values, strict=True)
        ]

    def _cell_xml(self, ref: str, value: Cell, style: int) -> str:
        """A cell of a column of mixed kinds: text, a number, a bool, date, datetime or
        Decimal."""
        if isinstance(value, bool):
            return f'<c r="{ref}" s="{style}" t="b"><v>{int(value)}</v></c>'
        if isinstance(value, datetime):
            if value.tzinfo is not None:
                raise TypeError("Spreadsheets hold local times: make the datetime naive first.")
            days = (value - _EPOCH).total_seconds() / 86400
            return f'<c r="{ref}" s="{self.datetime_style}"><v>{days!r}</v></c>'
        if isinstance(value, date):
            days = (value - _EPOCH.date()).days
            return f'<c r="{ref}" s="{self.date_style}"><v>{days}</v></c>'
        if isinstance(value, Decimal):
            return f'<c r="{ref}" s="{style}"><v>{value}</v></c>' if value.is_finite() else ""
        if isinstance(value, str):  # and its subclasses (SafeString…)
            if not value:
                return ""
            return f'<c r="{ref}" s="{style}" t="s"><v>{self._string(str(value))}</v></c>'
        if isinstance(value, int):  # and numpy's integers
            return f'<c r="{ref}" s="{style}"><v>{int(value)}</v></c>'
        if isinstance(value, float):  # and numpy's floats
            number = float(value)
            if number != number or number in _INFINITIES:
                return ""
            return f'<c r="{ref}" s="{style}"><v>{number!r}</v></c>'
        raise TypeError(f"Cannot write {type(value).__name__} to a spreadsheet cell.")


_INFINITIES = (float("inf"), float("-inf"))
