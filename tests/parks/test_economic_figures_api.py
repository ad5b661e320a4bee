"""Economic figures through the API: as a file or JSON, saved whole or refused whole with
row-by-row reasons, converted to 万元, scoped like the registry."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from parks.models import EconomicFigure

FIGURES = "/api/v1/economic-figures/"
UPLOAD = "/api/v1/economic-figures/upload/"


def csv_file(lines: list[str], name: str = "figures.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, ("\ufeff" + "\r\n".join(lines)).encode(), "text/csv")


@pytest.mark.smoke
def test_an_operator_uploads_figures_in_any_unit_stored_in_10k_yuan(api, operator_a, enterprise_a):
    api.force_authenticate(operator_a)
    code = enterprise_a.credit_code
    upload = csv_file(
        [
            "统一社会信用代码,期间,工业总产值,工业增加值,单位",
            f"{code},2026-01,52000,13800,万元",
            f"{code},2026-02,5.2,1.25,亿元",
            f'{code},2026-03,"480,000,000",,元',
        ]
    )
    response = api.post(UPLOAD, {"file": upload}, format="multipart")
    assert response.status_code == 200, response.json()
    assert response.json() == {"created": 3, "updated": 0, "unchanged": 0, "notes": []}
    stored = {
        f.period: (f.output_value, f.value_added)
        for f in EconomicFigure.objects.filter(enterprise=enterprise_a)
    }
    assert stored == {
        date(2026, 1, 1): (Decimal("52000.00"), Decimal("13800.00")),
        date(2026, 2, 1): (Decimal("52000.00"), Decimal("12500.00")),
        date(2026, 3, 1): (Decimal("48000.00"), None),
    }
    listed = api.get(FIGURES, {"credit_code": code}).json()["results"]
    assert [(row["period"], row["output_value"]) for row in listed] == [
        ("2026-01", "52000.00"),
        ("2026-02", "52000.00"),
        ("2026-03", "48000.00"),
    ]
    assert listed[0]["source"] == "figures.csv"
    assert listed[0]["updated_by"] == "alice"


def test_an_xlsx_file_with_english_headers_is_read(api, operator_a, enterprise_a):
    book = Workbook()
    sheet = book.active
    sheet.append(["credit_code", "period", "output_value", "value_added"])
    sheet.append([enterprise_a.credit_code, "2026-04", 1234.5, 300])
    data = io.BytesIO()
    book.save(data)
    api.force_authenticate(operator_a)
    upload = SimpleUploadedFile("figures.xlsx", data.getvalue())
    response = api.post(UPLOAD, {"file": upload}, format="multipart")
    assert response.status_code == 200, response.json()
    figure = EconomicFigure.objects.get(enterprise=enterprise_a)
    assert (figure.output_value, figure.value_added) == (Decimal("1234.50"), Decimal("300.00"))


def test_one_bad_row_refuses_the_whole_file_naming_row_column_and_reason(
    api, operator_a, enterprise_a, enterprise_b
):
    api.force_authenticate(operator_a)
    a, b = enterprise_a.credit_code, enterprise_b.credit_code
    upload = csv_file(
        [
            "credit_code,period,output_value,value_added,unit",
            f"{a},2026-01,100,20,万元",  # row 2: fine
            f"{b},2026-01,100,20,万元",  # row 3: another park's enterprise
            f"{a},2026-13,100,20,万元",  # row 4: not a month
            f"{a},2026-02,-5,20,万元",  # row 5: negative
            f"{a},2026-03,,,万元",  # row 6: no figure
            f"{a},2026-01,100,20,万元",  # row 7: row 2 again
            f"{a},2026-04,100,20,美元",  # row 8: unknown unit
            f"{a},2099-01,100,20,万元",  # row 9: the future
        ]
    )
    response = api.post(UPLOAD, {"file": upload}, format="multipart")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert body["message"] == "Nothing was saved: 7 problem(s) to fix."
    problems = [(r["row"], r["column"], r["reason"]) for r in body["extra"]["rows"]]
    assert problems == [
        (3, "统一社会信用代码 (credit_code)", f"No enterprise {b} is registered in your scope."),
        (
            4,
            "期间 (period)",
            "Not a month: write it in one of these forms: 2026-07, 2026/7, 2026.07, 2026年7月, "
            "202607, 2026-07-01 (the month's first day).",
        ),
        (5, "工业总产值 (output_value)", "Must be a number of 0 or more."),
        (6, "工业总产值 (output_value)", "Give the output value, the value added, or both."),
        (7, "期间 (period)", f"{a} 2026-01 is already given on row 2."),
        (8, "单位 (unit)", "Unknown unit 美元; use one of: 万元, 元, 千元, 百万元, 亿元."),
        (9, "期间 (period)", "2099-01 is in the future."),
    ]
    assert not EconomicFigure.objects.exists()


def test_json_figures_are_upserted_and_their_history_kept(api, operator_a, enterprise_a):
    api.force_authenticate(operator_a)
    item = {"credit_code": enterprise_a.credit_code, "period": "2026-05", "output_value": "800"}
    assert api.post(FIGURES, {"figures": [item]}, format="json").json()["created"] == 1
    assert api.post(FIGURES, {"figures": [item]}, format="json").json()["unchanged"] == 1
    corrected = {**item, "output_value": "850", "value_added": "200"}
    response = api.post(FIGURES, {"figures": [corrected]}, format="json")
    assert response.json() == {"created": 0, "updated": 1, "unchanged": 0, "notes": []}
    figure = EconomicFigure.objects.get()
    assert figure.output_value == Decimal("850.00")
    assert [h.output_value for h in figure.history.order_by("history_id")] == [
        Decimal("800.00"),
        Decimal("850.00"),
    ]


def test_json_errors_count_items_from_one(api, operator_a, enterprise_a):
    api.force_authenticate(operator_a)
    items = [
        {"credit_code": enterprise_a.credit_code, "period": "2026-05", "output_value": "800"},
        {"credit_code": enterprise_a.credit_code, "period": "May", "output_value": "x"},
    ]
    response = api.post(FIGURES, {"figures": items}, format="json")
    assert response.status_code == 400
    rows = response.json()["extra"]["rows"]
    assert [(r["row"], r["value"]) for r in rows] == [(2, "May"), (2, "x")]
    assert not EconomicFigure.objects.exists()


def test_operators_read_only_their_parks_figures_and_regulators_all(
    api, operator_a, operator_b, regulator, enterprise_a
):
    api.force_authenticate(operator_a)
    item = {"credit_code": enterprise_a.credit_code, "period": "2026-05", "output_value": "800"}
    api.post(FIGURES, {"figures": [item]}, format="json")
    api.force_authenticate(operator_b)
    assert api.get(FIGURES).json()["count"] == 0
    api.force_authenticate(regulator)
    assert api.get(FIGURES).json()["count"] == 1
    refused = api.post(FIGURES, {"figures": [item]}, format="json")
    assert refused.status_code == 400  # regulators read figures; they do not report them


def test_the_template_speaks_the_readers_language(api, operator_a):
    api.force_authenticate(operator_a)
    chinese = api.get(FIGURES + "template/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert chinese.content.decode("utf-8-sig").splitlines()[0] == (
        "统一社会信用代码,期间,工业总产值,工业增加值,单位,备注"
    )
    english = api.get(FIGURES + "template/", HTTP_ACCEPT_LANGUAGE="en")
    assert english.content.decode("utf-8-sig").startswith("credit_code,period,output_value")


def test_an_unreadable_file_is_refused_with_the_reason(api, operator_a):
    api.force_authenticate(operator_a)
    upload = SimpleUploadedFile("figures.pdf", b"%PDF-1.4")
    response = api.post(UPLOAD, {"file": upload}, format="multipart")
    assert response.status_code == 400
    assert response.json()["extra"]["rows"] == [
        {
            "row": None,
            "column": "",
            "value": "",
            "reason": "Upload a .csv or .xlsx file; figures.pdf is neither.",
        }
    ]
