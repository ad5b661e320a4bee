"""The XLSX of a park's monthly report: each section's numbers, types and headers, in both
languages, on the small city of conftest.py worked out by hand."""

import io
from datetime import date

import openpyxl
import pytest

from reports.models import ReportFile
from reports.services import report_issue

JAN = date(2026, 1, 1)


def _workbook(report) -> openpyxl.Workbook:
    stored = report.files.get(format=ReportFile.Format.XLSX)
    with stored.file.open("rb") as handle:
        return openpyxl.load_workbook(io.BytesIO(handle.read()))


def _rows(sheet) -> list[tuple]:
    return list(sheet.iter_rows(min_row=2, values_only=True))


@pytest.fixture
def park_a_report(report_city, park_a):
    return report_issue(park=park_a, period=JAN, language="zh-hans").report


def test_the_sheets_and_the_cover(park_a_report):
    book = _workbook(park_a_report)
    assert book.sheetnames == ["封面", "汇总", "平衡表", "转移", "转移联单", "预警", "完整性"]
    cover = dict(book["封面"].iter_rows(min_row=2, values_only=True))
    assert cover["范围"] == "甲园区"
    assert (cover["期间"], cover["版本号"]) == ("2026-01", 1)
    for name in book.sheetnames[1:]:
        sheet = book[name]
        assert sheet.freeze_panes == "A2"
        assert all(cell.font.bold for cell in sheet[1])


def test_the_balance_per_enterprise_and_waste(park_a_report, report_city):
    sheet = _workbook(park_a_report)["平衡表"]
    assert [cell.value for cell in sheet[1]] == [
        "企业",
        "统一社会信用代码",
        "废物类别",
        "危险废物",
        "期初贮存（吨）",
        "产生（吨）",
        "接收（吨）",
        "自行利用（吨）",
        "自行处置（吨）",
        "委托利用/处置（吨）",
        "期末贮存（吨）",
        "不平衡量（吨）",
    ]
    g1, r1 = report_city["G1"], report_city["R1"]
    rows = {(row[1], row[2]): row for row in _rows(sheet)}
    assert rows[(g1.credit_code, "SW01")][3:] == ("否", 100, 1000, 0, 400, 100, 300, 300, None)
    assert rows[(g1.credit_code, "HW08")][3:] == ("是", 10, 20, 0, 0, 0, 25, 5, None)
    assert rows[(r1.credit_code, "SW01")][4:] == (0, 0, 300, 240, 60, 0, 0, None)
    number = sheet.cell(row=2, column=6)
    assert isinstance(number.value, int | float) and number.number_format == "#,##0.000"
    assert sheet.auto_filter.ref == "A1:L4"


def test_transfers_with_the_weighed_tonnes(park_a_report, report_city):
    rows = _rows(_workbook(park_a_report)["转移"])
    g1, r1 = report_city["G1"], report_city["R1"]
    by_receiver = {row[3]: row for row in rows}
    assert by_receiver[r1.credit_code][:3] == ("G1", g1.credit_code, "R1")
    assert by_receiver[r1.credit_code][4:] == ("是", "SW01", None, 300, 310)
    [stranger] = [row for row in rows if row[4] == "否"]
    assert (stranger[2], stranger[5], stranger[7], stranger[8]) == ("未登记", "HW08", 25, 0)


def test_manifests_flags_and_completeness(park_a_report, report_city):
    book = _workbook(park_a_report)
    [manifest] = _rows(book["转移联单"])
    assert manifest[0] == "20261502000001"
    assert (manifest[5], manifest[7], manifest[8], manifest[10], manifest[11]) == (
        10,
        "已确认",
        8,
        20.0,
        "是",
    )
    flags = {row[1]: row for row in _rows(book["预警"])}
    g1, r1 = report_city["G1"], report_city["R1"]
    assert flags[g1.credit_code][6] == "待处理"
    assert flags[g1.credit_code][5].startswith("2026年1月 期初贮存量为 100.0 吨")
    assert (flags[r1.credit_code][6], flags[r1.credit_code][8]) == ("已排除", "称重误差，已核实")
    filings = {row[1]: row[5] for row in _rows(book["完整性"])}
    assert filings == {
        g1.credit_code: "按时（截止 2026-02-15）",
        r1.credit_code: "逾期（截止 2026-02-15）",
    }


def test_the_english_report(report_city, park_a):
    report = report_issue(park=park_a, period=JAN, language="en").report
    book = _workbook(report)
    assert book.sheetnames == [
        "Cover",
        "Summary",
        "Balance",
        "Transfers",
        "Manifests",
        "Flags",
        "Completeness",
    ]
    assert book["Balance"]["E1"].value == "Opening stock (t)"
    assert book["Summary"]["A1"].value == "Indicator"
