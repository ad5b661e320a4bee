"""The raw downloads hold the records of the months asked for, one row each, headers in the
request's language, UTF-8 with a BOM."""

from decimal import Decimal

from monitoring.models import LedgerEntry
from tests.reports.conftest import csv_rows


def test_the_ledger_file_holds_every_current_figure_of_the_months(raw_city, regulator, api):
    api.force_authenticate(regulator)
    response = api.get(
        "/api/v1/reports/raw/ledger.csv?from=2026-02&to=2026-02", HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="ledger-2026-02_2026-02.csv"'
    header, *rows = csv_rows(response)
    assert header[:3] == ["统一社会信用代码", "企业", "期间"]
    expected = LedgerEntry.objects.filter(superseded_at__isnull=True, period="2026-02-01")
    assert len(rows) == expected.count() > 0
    assert {(r[0], r[2], r[3], Decimal(r[8])) for r in rows} == {
        (e.enterprise.credit_code, "2026-02", e.category.code, e.quantity_t) for e in expected
    }
    g1 = raw_city["G1"].credit_code
    transfer = next(r for r in rows if r[0] == g1 and r[6])
    assert transfer[1] == "G1" and transfer[6] == raw_city["R1"].credit_code
    assert transfer[8] == "400.000"


def test_headers_and_labels_follow_the_request_language(raw_city, regulator, api):
    api.force_authenticate(regulator)
    response = api.get(
        "/api/v1/reports/raw/flags.csv?from=2026-01&to=2026-03", HTTP_ACCEPT_LANGUAGE="en"
    )
    header, *rows = csv_rows(response)
    assert header == [
        "Period",
        "Unified social credit code",
        "Enterprise",
        "Waste",
        "Check",
        "Severity",
        "Reasons",
        "Review",
        "Reviewed by",
        "Reviewed at",
        "Review note",
    ]
    # Rows come by month, then credit code (random in the factories).
    assert [r[0] for r in rows] == ["2026-01", "2026-01", "2026-02"]
    assert sorted((r[0], r[2], r[7]) for r in rows) == [
        ("2026-01", "G1", "Open"),
        ("2026-01", "R1", "Dismissed"),
        ("2026-02", "B1", "Dismissed"),
    ]
    chinese = csv_rows(
        api.get(
            "/api/v1/reports/raw/flags.csv?from=2026-01&to=2026-03",
            HTTP_ACCEPT_LANGUAGE="zh-hans",
        )
    )
    assert chinese[0][0] == "期间" and chinese[0][6] == "原因"
    assert sorted(row[7] for row in chinese[1:]) == sorted(["待处理", "已排除", "已排除"])
    (r1,) = [r for r in rows if r[2] == "R1"]
    assert r1[8] == "regina" and r1[10] == "称重误差，已核实"


def test_the_manifests_file(raw_city, regulator, api):
    api.force_authenticate(regulator)
    header, *rows = csv_rows(api.get("/api/v1/reports/raw/manifests.csv?from=2026-01&to=2026-02"))
    assert len(header) == 14
    assert [r[0] for r in rows] == ["20261502000001", "20261502000002"]
    first = rows[0]
    assert first[1:5] == [
        raw_city["G1"].credit_code,
        "G1",
        raw_city["R1"].credit_code,
        "R1",
    ]
    assert first[7] == "2026-01-12 10:00" and first[8] == "10.000"
    assert first[10] == "2026-01-13 15:00" and first[11] == "8.000"


def test_the_roll_up_file_sums_tickets_per_point_and_local_day(raw_city, regulator, api):
    api.force_authenticate(regulator)
    header, *rows = csv_rows(api.get("/api/v1/reports/raw/rollups.csv?from=2026-01&to=2026-02"))
    assert len(header) == 7
    g1 = [r for r in rows if r[0] == "wb-g1"]
    assert len(g1) == 10
    assert g1[0] == [
        "wb-g1",
        raw_city["G1"].credit_code,
        "2026-01-05",
        "SW01",
        g1[0][4],
        "31.000",
        "1",
    ]
    # A ticket at 23:30 Beijing time counts on that local day, not the UTC one.
    (b1,) = [r for r in rows if r[0] == "wb-b1"]
    assert b1[2] == "2026-02-03" and b1[3] == "SW02"
