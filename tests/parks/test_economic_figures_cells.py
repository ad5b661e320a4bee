"""Economic figures read like every upload: full-width forms folded, months as 202607,
thousands separators only in groups of three, control characters refused, other sheets
named in the answer's notes. JSON items get the same folding."""

import io
from datetime import date
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from parks.models import EconomicFigure

FIGURES = "/api/v1/economic-figures/"
UPLOAD = "/api/v1/economic-figures/upload/"
HEADER = "统一社会信用代码,期间,工业总产值,工业增加值,单位"


def csv_file(*lines: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("figures.csv", ("\ufeff" + "\r\n".join(lines)).encode())


def full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def test_it_reads_full_width_codes_months_and_numbers(api, operator_a, enterprise_a):
    api.force_authenticate(operator_a)
    code = full_width(enterprise_a.credit_code)
    upload = csv_file(HEADER, f"{code},{full_width('2026-03')},{full_width('52000.5')},,万元")
    response = api.post(UPLOAD, {"file": upload}, format="multipart")
    assert response.status_code == 200, response.json()
    figure = EconomicFigure.objects.get()
    assert (figure.period, figure.output_value) == (date(2026, 3, 1), Decimal("52000.50"))


def test_it_reads_six_digit_months_as_text_and_as_numbers(api, operator_a, enterprise_a):
    api.force_authenticate(operator_a)
    workbook = Workbook()
    workbook.active.append(["统一社会信用代码", "期间", "工业总产值"])
    workbook.active.append([enterprise_a.credit_code, 202603, 100])
    workbook.active.append([enterprise_a.credit_code, "202604", 100])
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("figures.xlsx", buffer.getvalue())
    response = api.post(UPLOAD, {"file": upload}, format="multipart")
    assert response.status_code == 200, response.json()
    assert set(EconomicFigure.objects.values_list("period", flat=True)) == {
        date(2026, 3, 1),
        date(2026, 4, 1),
    }


def test_it_refuses_a_decimal_comma_instead_of_multiplying(api, operator_a, enterprise_a):
    api.force_authenticate(operator_a)
    code = enterprise_a.credit_code
    upload = csv_file(HEADER, f'{code},2026-03,"1000,5",,万元', f'{code},2026-04,"1,000.5",,万元')
    response = api.post(UPLOAD, {"file": upload}, format="multipart")
    assert response.status_code == 400
    rows = response.json()["extra"]["rows"]
    assert [(r["row"], r["column"], r["value"]) for r in rows] == [
        (2, "工业总产值 (output_value)", "1000,5")
    ]
    assert not EconomicFigure.objects.exists()


def test_it_refuses_control_characters_in_files_and_json(api, operator_a, enterprise_a):
    api.force_authenticate(operator_a)
    code = enterprise_a.credit_code
    upload = csv_file(HEADER, f"{code},2026-03,100,,万元\x1b")
    rows = api.post(UPLOAD, {"file": upload}, format="multipart").json()["extra"]["rows"]
    assert [(r["row"], r["column"], r["value"]) for r in rows] == [
        (2, "单位 (unit)", "万元<U+001B>")
    ]
    item = {"credit_code": code, "period": "2026-03", "output_value": "1\x0700"}
    response = api.post(FIGURES, {"figures": [item]}, format="json")
    assert response.status_code == 400
    [reason] = response.json()["extra"]["fields"]["figures"]["0"]["output_value"]
    assert "U+0007" in reason
    assert not EconomicFigure.objects.exists()


def test_it_names_other_sheets_that_hold_data(api, operator_a, enterprise_a):
    api.force_authenticate(operator_a)
    workbook = Workbook()
    workbook.active.append(["统一社会信用代码", "期间", "工业总产值"])
    workbook.active.append([enterprise_a.credit_code, "2026-03", 100])
    workbook.create_sheet("四月").append(["统一社会信用代码", "期间", "工业总产值"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("figures.xlsx", buffer.getvalue())
    response = api.post(UPLOAD, {"file": upload}, format="multipart")
    assert response.status_code == 200, response.json()
    assert any("四月" in note for note in response.json()["notes"])


def test_it_refuses_a_file_over_the_row_limit(api, operator_a, enterprise_a, settings):
    settings.TABLE_UPLOAD_MAX_ROWS = 2
    api.force_authenticate(operator_a)
    code = enterprise_a.credit_code
    lines = [f"{code},2026-0{month},100,,万元" for month in (1, 2, 3)]
    response = api.post(UPLOAD, {"file": csv_file(HEADER, *lines)}, format="multipart")
    assert response.status_code == 400
    assert response.json()["extra"]["rows"][0]["reason"] == (
        "The file has 3 rows; the limit is 2. Split it by month or park."
    )
    assert not EconomicFigure.objects.exists()


def test_it_bounds_a_workbooks_unzipped_size(api, operator_a, enterprise_a, settings):
    settings.TABLE_XLSX_MAX_EXPANDED_BYTES = 2**10
    api.force_authenticate(operator_a)
    workbook = Workbook()
    workbook.active.append(["统一社会信用代码", "期间", "工业总产值"])
    for month in range(1, 10):
        workbook.active.append([enterprise_a.credit_code, f"2025-{month:02d}", 100])
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("figures.xlsx", buffer.getvalue())
    response = api.post(UPLOAD, {"file": upload}, format="multipart")
    assert response.status_code == 400
    assert "over the limit" in response.json()["extra"]["rows"][0]["reason"]
