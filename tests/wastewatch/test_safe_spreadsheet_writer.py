"""Files the platform writes never carry a formula into Excel (OWASP CSV injection): text
cells beginning with =, +, -, @, tab or CR are neutralised; numbers stay numbers."""

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from openpyxl import load_workbook

from monitoring.ledger.template import ledger_template_xlsx
from tests.factories import EnterpriseFactory
from wastewatch.tabular_write import csv_bytes, safe_cell

CODE_A = "91150204MA0N6X1C5G"


def test_it_neutralises_text_that_a_spreadsheet_would_run():
    for text in [
        '=HYPERLINK("http://x")',
        "+1+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(A1)",
        "\tx",
        "\rx",
    ]:
        assert safe_cell(text) == "'" + text
    assert safe_cell("钢渣 =1") == "钢渣 =1"


def test_it_leaves_numbers_numbers():
    assert safe_cell(-5) == -5
    assert safe_cell(-2.5) == -2.5
    assert safe_cell("-3000.000") == "-3000.000"
    rows = list(csv.reader(io.StringIO(csv_bytes([["-1200", -3, "=1+1"]]).decode("utf-8-sig"))))
    assert rows == [["-1200", "-3", "'=1+1"]]


def test_the_error_report_neutralises_what_the_uploader_wrote(
    api, operator_a, park_a, catalogue, django_capture_on_commit_callbacks
):
    EnterpriseFactory(park=park_a, credit_code=CODE_A)
    api.force_authenticate(operator_a)
    content = (
        "统一社会信用代码,期间,废物代码,流向,数量,单位\n"
        f'{CODE_A},2026-10,SW01,"=HYPERLINK(""http://evil"")",100,t\n'
        f"{CODE_A},2026-10,SW01,产生,-1200,t\n"
    ).encode()
    with django_capture_on_commit_callbacks(execute=True):
        created = api.post(
            "/api/v1/ledger-uploads/",
            {"file": SimpleUploadedFile("l.csv", content)},
            format="multipart",
        ).json()
    report = api.get(f"/api/v1/ledger-uploads/{created['id']}/error-report/")
    rows = list(csv.reader(io.StringIO(report.content.decode("utf-8-sig"))))
    values = [row[2] for row in rows[1:]]
    assert '\'=HYPERLINK("http://evil")' in values
    assert "-1200" in values
    assert not any(value.startswith("=") for value in values)


def test_the_template_workbook_holds_no_formula():
    workbook = load_workbook(io.BytesIO(ledger_template_xlsx(language="en")))
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)


def test_the_series_scorer_writes_input_text_back_neutralised(tmp_path):
    source = tmp_path / "in.csv"
    source.write_text("timestamp,value,label\n2026-01-01,1,=cmd\n2026-01-02,-2,ok\n")
    output = tmp_path / "out.csv"
    call_command("detect_series", f"--input={source}", f"--output={output}", stdout=io.StringIO())
    rows = list(csv.DictReader(output.open()))
    assert [row["label"] for row in rows] == ["'=cmd", "ok"]
    assert rows[1]["value"] == "-2"
