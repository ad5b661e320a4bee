"""The streaming XLSX writer (tabular_write.StreamingWorkbook) writes what openpyxl reads back
as written: text stays text and never a formula, numbers stay numbers with their formats,
dates stay dates, Chinese round-trips; with a bold frozen header, an autofilter and widths."""

import io
import zipfile
from datetime import date, datetime
from decimal import Decimal

from openpyxl import load_workbook

from wastewatch.tabular_write import StreamingWorkbook, column_letter


def _book(**sheets) -> bytes:
    buffer = io.BytesIO()
    workbook = StreamingWorkbook(buffer)
    for name, options in sheets.items():
        workbook.add_sheet(name, **options)
    workbook.close()
    return buffer.getvalue()


ROWS = [
    ["包头钢铁（集团）有限责任公司", -12.5, 3, date(2026, 1, 31), datetime(2026, 1, 12, 10, 30)],
    ['=HYPERLINK("http://x")', 0.0, None, None, None],
    ["-5", Decimal("1200.125"), True, "", 'a < b & c > "d"'],
]


def test_values_read_back_as_written():
    data = _book(
        平衡表={
            "rows": ROWS,
            "header": ["企业", "产生 (t)", "次数", "日期", "时间"],
            "formats": [None, "#,##0.000", "0", "yyyy-mm-dd", "yyyy-mm-dd hh:mm"],
            "widths": [40, 12, 6, 12, 18],
        }
    )
    sheet = load_workbook(io.BytesIO(data))["平衡表"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("企业", "产生 (t)", "次数", "日期", "时间")
    assert rows[1] == (
        "包头钢铁（集团）有限责任公司",
        -12.5,
        3,
        datetime(2026, 1, 31),
        datetime(2026, 1, 12, 10, 30),
    )
    # A formula-leading text stays text; None and "" are empty cells.
    assert rows[2] == ('\'=HYPERLINK("http://x")', 0, None, None, None)
    assert sheet["A3"].data_type == "s"
    # A text that is a plain number stays that text; XML's special characters round-trip.
    assert rows[3] == ("-5", 1200.125, True, None, 'a < b & c > "d"')


def test_numbers_keep_their_number_formats():
    data = _book(
        S={
            "rows": ROWS,
            "header": ["a", "b", "c", "d", "e"],
            "formats": [None, "#,##0.000", "0", "yyyy-mm-dd", "yyyy-mm-dd hh:mm"],
        }
    )
    sheet = load_workbook(io.BytesIO(data))["S"]
    negative = sheet["B2"]
    assert isinstance(negative.value, float) and negative.value == -12.5
    assert negative.number_format == "#,##0.000"
    assert sheet["C2"].number_format == "0"
    assert sheet["D2"].number_format == "yyyy-mm-dd" and sheet["D2"].is_date
    assert sheet["E2"].number_format == "yyyy-mm-dd hh:mm" and sheet["E2"].is_date


def test_the_header_is_bold_frozen_and_filtered_and_the_title_large():
    data = _book(
        Cover={"rows": [["Scope", "City"], ["Version", 1]], "title": ["Report", ""]},
        Balance={"rows": ROWS, "header": ["a", "b", "c", "d", "e"], "widths": [30, 12]},
        Empty={"rows": [], "header": ["a", "b"]},
    )
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Cover", "Balance", "Empty"]
    cover = book["Cover"]
    assert cover["A1"].value == "Report" and cover["A1"].font.bold and cover["A1"].font.sz == 14
    assert dict(cover.iter_rows(min_row=2, values_only=True)) == {"Scope": "City", "Version": 1}
    assert cover.freeze_panes is None
    balance = book["Balance"]
    assert balance.freeze_panes == "A2"
    assert all(cell.font.bold for cell in balance[1])
    assert not balance["A2"].font.bold
    assert balance.auto_filter.ref == "A1:E4"
    assert balance.column_dimensions["A"].width == 30
    assert book["Empty"].auto_filter.ref is None


def test_it_is_a_valid_package_and_drops_what_xml_cannot_hold():
    data = _book(S={"rows": [["bell\x07 tab\tend"]], "header": ["a"]})
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert {"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/styles.xml"} <= set(names)
    assert load_workbook(io.BytesIO(data))["S"]["A2"].value == "bell tab\tend"


def test_text_is_shared_once_across_sheets_and_rows_past_a_chunk_keep_their_places():
    name = "包头钢铁（集团）有限责任公司"
    rows = [[name, float(n), "SW01" if n % 2 else None] for n in range(4500)]  # > 2 chunks
    data = _book(A={"rows": rows, "header": ["企业", "t", "类别"]}, B={"rows": [[name, "=1+1"]]})
    package = zipfile.ZipFile(io.BytesIO(data))
    shared = package.read("xl/sharedStrings.xml").decode()
    assert shared.count(name) == 1 and "'=1+1" in shared
    book = load_workbook(io.BytesIO(data))
    sheet = book["A"]
    assert sheet.max_row == 4501
    assert [c.value for c in sheet[4501]] == [name, 4499.0, "SW01"]
    assert [c.value for c in sheet[4500]] == [name, 4498.0, None]
    assert [c.value for c in book["B"][1]] == [name, "'=1+1"]


def test_column_letters():
    assert [column_letter(n) for n in (1, 12, 26, 27, 52, 703)] == [
        "A",
        "L",
        "Z",
        "AA",
        "AZ",
        "AAA",
    ]
