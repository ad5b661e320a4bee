"""The CSV zip: one file per sheet, UTF-8 with a BOM, the same cells as the workbook."""

import csv
import io
import zipfile
from datetime import date

import openpyxl

from reports.services import report_issue


def _read(report, kind: str) -> bytes:
    with report.files.get(format=kind).file.open("rb") as handle:
        return handle.read()


def test_one_csv_per_sheet_round_trips_the_workbook(report_city, park_a):
    report = report_issue(park=park_a, period=date(2026, 1, 1)).report
    archive = zipfile.ZipFile(io.BytesIO(_read(report, "csv")))
    assert archive.namelist() == [
        "00-cover.csv",
        "01-summary.csv",
        "02-balance.csv",
        "03-transfers.csv",
        "04-manifests.csv",
        "05-flags.csv",
        "06-completeness.csv",
    ]
    raw = archive.read("02-balance.csv")
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel opens UTF-8 with a BOM as Unicode
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    book = openpyxl.load_workbook(io.BytesIO(_read(report, "xlsx")))
    sheet = [
        ["" if value is None else value for value in row]
        for row in book["平衡表"].iter_rows(values_only=True)
    ]
    assert rows[0] == sheet[0]
    assert [[float(v) if i >= 4 and v else v for i, v in enumerate(r)] for r in rows[1:]] == [
        [float(v) if i >= 4 and v != "" else v for i, v in enumerate(r)] for r in sheet[1:]
    ]
