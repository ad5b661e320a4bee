"""A trend compares like with like: the year to date against the same months a year before,
those the year to date has ledger figures of (not the months it has none of yet), says which
months they are and what it compares; none when the year before lacks one of them.

Enterprise E (park A) disposes on site of all it generates: 100 t a month in January to March
2025, 110 t a month in January and February 2026. March 2026 has no ledgers yet."""

import pytest
from django.test import Client

from tests.factories import EnterpriseFactory

INDICATORS = "/api/v1/city-indicators/"


def month_rows(code: str, month: str, t: str) -> list[tuple[str, ...]]:
    return [
        (code, month, "SW01", "产生", t, "", ""),
        (code, month, "SW01", "自行处置", t, "", ""),
    ]


@pytest.fixture
def two_years(park_a, upload_ledger):
    code = EnterpriseFactory(park=park_a, name="E").credit_code
    rows = [
        row for month in ("2025-01", "2025-02", "2025-03") for row in month_rows(code, month, "100")
    ]
    rows += [row for month in ("2026-01", "2026-02") for row in month_rows(code, month, "110")]
    upload_ledger(rows)
    return code


def storage_disposal(body: dict) -> dict:
    return next(r for r in body["indicators"] if r["code"] == "general_storage_disposal")


def test_the_trend_compares_the_same_months_a_year_before(api, regulator, two_years):
    api.force_authenticate(regulator)
    body = api.get(INDICATORS, {"park": "PA", "period": "2026-03"}).json()
    row = storage_disposal(body)
    assert row["year_to_date"]["value"] == 220.0  # January and February 2026
    assert row["year_before"]["value"] == 200.0  # January and February 2025, not March
    assert row["trend_pct"] == 10.0  # not 220 ÷ 300 − 1 = −26.7 %
    assert body["trend_like_for_like"] is True
    assert body["spans"]["year_to_date"]["months"] == ["2026-01", "2026-02"]
    before = body["spans"]["year_before"]
    assert (before["from"], before["to"], before["months"]) == (
        "2025-01",
        "2025-02",
        ["2025-01", "2025-02"],
    )
    assert before["label"] == "January–February 2025"
    assert body["spans"]["year_to_date"]["label"] == "January–February 2026 (2 of 3 months)"


def test_no_trend_when_the_year_before_lacks_one_of_the_months(
    api, regulator, park_a, upload_ledger
):
    code = EnterpriseFactory(park=park_a, name="F").credit_code
    upload_ledger(
        month_rows(code, "2025-02", "100")
        + month_rows(code, "2026-01", "110")
        + month_rows(code, "2026-02", "110")
    )
    api.force_authenticate(regulator)
    body = api.get(INDICATORS, {"park": "PA", "period": "2026-02"}).json()
    assert body["trend_like_for_like"] is False
    assert body["spans"]["year_before"]["months"] == ["2025-02"]
    assert storage_disposal(body)["trend_pct"] is None  # 220 against February alone is not one
    client = Client()
    client.force_login(regulator)
    page = client.get(
        "/indicators/", {"park": "PA", "period": "2026-02"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert page.content.decode().count(">not comparable</span>") == 8


def test_the_page_says_what_each_percentage_compares(client, regulator, two_years):
    client.force_login(regulator)
    english = client.get(
        "/indicators/", {"park": "PA", "period": "2026-03"}, HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Year to date vs the same months of 2025<br><small>January–February 2025" in english
    assert ">+10.0 %<" in english
    chinese = client.get(
        "/indicators/", {"park": "PA", "period": "2026-03"}, HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).content.decode()
    assert "本年累计比2025年同期<br><small>2025年1—2月" in chinese
    assert ">+10.0%<" in chinese
    assert "目标完成度（本年累计，占目标的百分比）" in chinese


def test_the_dashboard_compares_the_same_months(client, regulator, two_years):
    client.force_login(regulator)
    client.cookies["django_language"] = "en"
    response = client.get("/", {"park": "PA", "period": "2026-03"})
    summary = response.context["summary"]
    row = next(r for r in summary.indicators if str(r.label).endswith("stored and disposed"))
    assert (row.year_to_date.value, row.year_to_date.before) == (220.0, 200.0)
    assert row.year_to_date.pct == pytest.approx(10.0)
    page = client.get("/", {"park": "PA", "period": "2026-02"}).content.decode()
    assert "vs the same months of 2025<br><small>January–February 2025" in page
    assert "vs the same month of 2025" in page
