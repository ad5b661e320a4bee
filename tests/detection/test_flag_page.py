"""A flag's page: the check in words, the evidence around the flagged month (chart data and
table), the figures its reasons quote, the records behind it, and who may read it."""

import json
import re
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from detection.models import Flag
from monitoring.models import TicketRollup, WasteCategory
from tests.factories import EnterpriseFactory, ManifestFactory, ledger_months
from wastewatch.periods import month_add

FIRST = date(2025, 1, 1)
MONTHS = [month_add(FIRST, n) for n in range(24)]  # January 2025 to December 2026


@pytest.fixture
def series(enterprise_a, park_a, catalogue):
    """Two years of enterprise A's slag: 100 t generated and transferred out a month, except
    October 2026 (1,200 t reported transferred out); the weighbridge weighed 90 t a month
    and 640 t that October; a receiver reports what it received from A."""
    rows = [
        {"generated": 100.0, "transferred_out": 1200.0 if m == date(2026, 10, 1) else 100.0}
        for m in MONTHS
    ]
    rows[MONTHS.index(date(2026, 9, 1))] = {"transferred_out": 100.0}  # nothing generated
    ledger_months(enterprise_a, MONTHS, rows)
    slag = WasteCategory.objects.get(code="SW01")
    TicketRollup.objects.bulk_create(
        TicketRollup(
            enterprise=enterprise_a,
            category=slag,
            direction="out",
            day=m.replace(day=15),
            tickets=3,
            net_t=Decimal("640") if m == date(2026, 10, 1) else Decimal("90"),
        )
        for m in MONTHS
    )
    receiver = EnterpriseFactory(park=park_a, name="接受企业")
    ledger_months(
        receiver,
        MONTHS,
        [{"received": 95.0} for _ in MONTHS],
    )
    receiver.ledger_entries.update(counterparty=enterprise_a.credit_code)
    return receiver


def _page(client, user, flag) -> str:
    client.force_login(user)
    response = client.get(f"/flags/{flag.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def _chart(page: str) -> dict:
    found = re.search(r'<script id="flag-evidence-chart"[^>]*>(.*?)</script>', page)
    return json.loads(found.group(1))


def test_the_check_is_named_in_words_and_explained(client, regulator, flag_a):
    page = _page(client, regulator, flag_a)
    assert "Weighed vs reported" in page
    assert "Compares the waste the ledger reports transferred out with the outbound" in page
    assert "measured_vs_reported" not in page


def test_the_evidence_spans_a_year_before_and_three_months_after(client, regulator, flag_a, series):
    page = _page(client, regulator, flag_a)
    table = page[page.index('id="flag-evidence"') :]
    table = table[: table.index("</table>")]
    months = re.findall(r"<th scope=\"row\">(\d{4}-\d{2})", table)
    assert months == [f"{m:%Y-%m}" for m in MONTHS if date(2025, 10, 1) <= m]  # to 2026-12
    flagged = re.search(r'<tr class="flagged">(.*?)</tr>', table, re.S).group(1)
    assert "2026-10" in flagged and "(flagged)" in flagged
    assert re.findall(r'class="num">([\d,.]+)<', flagged) == ["100.000", "1,200.000", "640.000"]
    # September generated nothing reported: no data, not 0.
    september = re.search(r"2026-09</th>(.*?)</tr>", table, re.S).group(1)
    assert "no data" in september


def test_the_chart_carries_the_same_figures_with_the_flagged_month_marked(
    client, regulator, flag_a, series
):
    chart = _chart(_page(client, regulator, flag_a))
    assert chart["mark"] == "2026-10"
    assert chart["categories"][0] == "2025-10" and chart["categories"][-1] == "2026-12"
    weighed = next(s for s in chart["series"] if s["name"] == "Weighed going out")
    assert weighed["values"][chart["categories"].index("2026-10")] == 640.0
    generated = next(s for s in chart["series"] if s["name"] == "Generated")
    assert generated["values"][chart["categories"].index("2026-09")] is None


def test_the_counterparties_figures_show_for_a_check_about_them(
    client, regulator, enterprise_a, series
):
    flag = Flag.objects.create(
        enterprise=enterprise_a,
        category=WasteCategory.objects.get(code="SW01"),
        period=date(2026, 10, 1),
        kind="counterparty",
        severity=2,
        reasons=[
            {
                "code": "counterparty",
                "receiver": series.name,
                "sent_t": "1200.000",
                "received_t": "95.000",
                "change_pct": -92,
            }
        ],
        fingerprint="c",
    )
    page = _page(client, regulator, flag)
    assert "Received, as the receivers report" in page
    assert "Weighed going out" not in page
    assert "95.000" in page
    assert "Sender and receiver disagree" in page


def test_the_reasons_figures_are_laid_out(client, regulator, flag_a):
    page = _page(client, regulator, flag_a)
    figures = dict(re.findall(r'<th scope="row">([^<]+)</th><td class="num">([^<]+)</td>', page))
    assert figures["Reported transferred out"] == "1,200.000 t"
    assert figures["Weighed by the weighbridge"] == "640.000 t"
    assert figures["Difference"] == "−47 %"


def test_the_links_lead_to_the_ledger_rows_tickets_and_manifests(
    client, regulator, enterprise_a, flag_a
):
    page = _page(client, regulator, flag_a)
    code = enterprise_a.credit_code
    assert (
        f'href="/api/v1/ledger-entries/?enterprise={code}&amp;category=SW01&amp;period=2026-10-01"'
        in page
    )
    assert f"/api/v1/weigh-tickets/?enterprise={code}&amp;category=SW01&amp;direction=out" in page
    assert "weighed_after=2026-10-01T00%3A00%3A00%2B08%3A00" in page

    manifest = ManifestFactory(
        generator=enterprise_a,
        shipped_at=datetime(2026, 10, 9, 10, tzinfo=ZoneInfo("Asia/Shanghai")),
    )
    ManifestFactory(generator=enterprise_a)  # September's: not this month's
    flag = Flag.objects.create(
        enterprise=enterprise_a,
        category=manifest.category,
        period=date(2026, 10, 1),
        kind="manifest_overdue",
        severity=2,
        reasons=[],
        fingerprint="m",
    )
    page = _page(client, regulator, flag)
    assert re.findall(r'href="/manifests/(\d+)/"', page) == [manifest.number]
    assert "/api/v1/weigh-tickets/" not in page  # not a check about weighing


def test_an_operator_reads_only_the_flags_of_their_parks(client, operator_a, operator_b, flag_a):
    assert "Weighed vs reported" in _page(client, operator_a, flag_a)
    assert "Save the assignment" not in _page(client, operator_a, flag_a)
    client.force_login(operator_b)
    assert client.get(f"/flags/{flag_a.pk}/").status_code == 404


def test_the_page_reads_two_years_of_series_in_a_fixed_number_of_queries(
    client, regulator, flag_a, series, django_assert_max_num_queries
):
    client.force_login(regulator)
    with django_assert_max_num_queries(10):
        assert client.get(f"/flags/{flag_a.pk}/").status_code == 200


def test_the_page_reads_in_chinese(client, regulator, flag_a, series):
    client.force_login(regulator)
    page = client.get(f"/flags/{flag_a.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "过磅量与申报量比对" in page
    assert "1,200.000 吨" in page  # the reasons' figures
    assert "（预警月份）" in page and "出厂过磅量" in page
