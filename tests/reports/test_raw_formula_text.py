"""Text in a raw download never becomes a formula in Excel or WPS."""

from tests.reports.conftest import csv_rows


def test_a_note_that_looks_like_a_formula_comes_out_as_text(raw_city, regulator, api):
    api.force_authenticate(regulator)
    rows = csv_rows(api.get("/api/v1/reports/raw/flags.csv?from=2026-02&to=2026-02"))
    (flag,) = rows[1:]
    assert flag[10] == '\'=HYPERLINK("http://evil.example","click")'
