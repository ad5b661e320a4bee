"""A declaration's files are the shared formats': a workbook whose cover names the
enterprise, tier, span and deadline, then one sheet per section; the same as CSVs."""

import io
import subprocess
import zipfile
from datetime import date

from openpyxl import load_workbook

from reports.services import report_issue


def test_the_workbook_and_the_csvs_of_a_quarterly_declaration(declaring_city):
    h1 = declaring_city["H1"]
    report = report_issue(park=None, enterprise=h1, span="quarter", period=date(2026, 1, 1)).report
    files = {f.format: f for f in report.files.all()}
    with files["xlsx"].file.open("rb") as handle:
        workbook = load_workbook(io.BytesIO(handle.read()))
    assert workbook.sheetnames == [
        "封面",
        "危险废物",
        "危险废物委托利用处置",
        "一般工业固体废物",
        "一般固废委托利用处置",
        "转移联单",
    ]
    cover = {row[0]: row[1] for row in workbook["封面"].iter_rows(values_only=True)}
    assert cover["工业固体废物季度申报"] in ("", None)
    assert (cover["范围"], cover["期间"]) == ("H1", "2026-Q1")
    assert cover["统一社会信用代码"] == h1.credit_code
    assert cover["申报截止日期"] == "2026-04-15"
    header = [cell.value for cell in workbook["危险废物"][1]]
    assert header[:4] == ["废物代码", "废物名称", "废物类别", "期初贮存量（吨）"]
    with files["csv"].file.open("rb") as handle:
        names = zipfile.ZipFile(io.BytesIO(handle.read())).namelist()
    assert names == [
        "00-cover.csv",
        "01-hazardous.csv",
        "02-hazardous_transfers.csv",
        "03-general.csv",
        "04-general_transfers.csv",
        "05-manifests.csv",
    ]


def test_the_pdf_of_a_quarterly_declaration_holds_every_section(declaring_city, tmp_path):
    h1 = declaring_city["H1"]
    report = report_issue(park=None, enterprise=h1, span="quarter", period=date(2026, 1, 1)).report
    path = tmp_path / "declaration.pdf"
    with report.files.get(format="pdf").file.open("rb") as handle:
        path.write_bytes(handle.read())
    text = subprocess.run(
        ["pdftotext", "-layout", path, "-"], capture_output=True, text=True, check=True
    ).stdout
    for heading in ("工业固体废物季度申报", "危险废物", "一般工业固体废物", "转移联单", "编制人"):
        assert heading in text
    assert h1.credit_code in text and "900-249-08" in text and "2026-Q1" in text
