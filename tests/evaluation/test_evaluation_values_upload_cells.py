"""Evaluation values read like every upload: size refused before reading (413), cells folded
(full-width digits), thousands separators only in groups of three, control characters
refused by row, other sheets holding values refused rather than ignored."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

EVALUATIONS = "/api/v1/park-evaluations/"


def created(api, operator_a) -> int:
    api.force_authenticate(operator_a)
    return api.post(EVALUATIONS, {"park": "PA", "year": 2025}, format="json").json()["id"]


def post(api, evaluation_id: int, data: bytes, name: str = "values.csv"):
    return api.post(
        f"{EVALUATIONS}{evaluation_id}/values/upload/",
        {"file": SimpleUploadedFile(name, data)},
        format="multipart",
    )


def csv_bytes(*lines: str) -> bytes:
    return ("\ufeff" + "\r\n".join(lines)).encode()


def test_it_refuses_an_over_size_file_with_413(api, operator_a, park_a, edition, settings):
    settings.TABLE_UPLOAD_MAX_BYTES = 2**20
    response = post(api, created(api, operator_a), b"x" * (2 * 2**20))
    assert response.status_code == 413
    assert response.json()["code"] == "file_too_large"
    assert response.json()["extra"]["limit_bytes"] == 2**20


def test_it_reads_full_width_numbers_and_grouped_thousands(api, operator_a, park_a, edition):
    evaluation = created(api, operator_a)
    response = post(api, evaluation, csv_bytes("序号,数值", "１,３．６", '23,"1,000.5"'))
    assert response.status_code == 200, response.json()
    values = {v["indicator"]: v["value"] for v in response.json()["values"]}
    assert values == {1: "3.600000", 23: "1000.500000"}


def test_it_refuses_a_decimal_comma_naming_the_row(api, operator_a, park_a, edition):
    evaluation = created(api, operator_a)
    response = post(api, evaluation, csv_bytes("序号,数值", "1,3.6", '23,"1000,5"'))
    assert response.status_code == 400
    items = response.json()["extra"]["items"]
    assert [(i["item"], i["indicator"]) for i in items] == [(3, 23)]
    assert "groups of three digits" in items[0]["reason"]
    assert api.get(f"{EVALUATIONS}{evaluation}/").json()["values"] == []


def test_it_refuses_a_control_character_naming_the_row(api, operator_a, park_a, edition):
    evaluation = created(api, operator_a)
    response = post(api, evaluation, csv_bytes("序号,数值,备注", "1,3.6,", "2,15,见\x00附件"))
    assert response.status_code == 400
    items = response.json()["extra"]["items"]
    assert [i["item"] for i in items] == [3]
    assert "U+0000" in items[0]["reason"]


def test_it_refuses_a_workbook_with_values_on_other_sheets(api, operator_a, park_a, edition):
    workbook = Workbook()
    workbook.active.append(["序号", "数值"])
    workbook.active.append([1, 3.6])
    more = workbook.create_sheet("补充")
    more.append(["序号", "数值"])
    more.append([2, 15])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = post(api, created(api, operator_a), buffer.getvalue(), name="values.xlsx")
    assert response.status_code == 400
    assert "补充" in response.json()["message"]


def test_it_refuses_a_file_over_the_row_limit(api, operator_a, park_a, edition, settings):
    settings.TABLE_UPLOAD_MAX_ROWS = 1
    response = post(api, created(api, operator_a), csv_bytes("序号,数值", "1,3.6", "2,15"))
    assert response.status_code == 400
    assert response.json()["message"].startswith("The file has 2 rows; the limit is 1.")
