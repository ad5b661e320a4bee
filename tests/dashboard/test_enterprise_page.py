"""The enterprise page: who may read it, what each section shows, and its query count."""

import re
import uuid
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from detection.models import Flag, FlagReview
from monitoring.ledger.services import (
    ledger_upload_confirm,
    ledger_upload_process,
    upload_batch_create,
)
from monitoring.ledger.synthetic import ledger_csv
from monitoring.models import UploadBatch, WasteCategory, WeighTicket
from monitoring.rollups import ticket_rollup_refresh
from parks.models import EconomicFigure
from tests.factories import (
    EnterpriseFactory,
    ManifestFactory,
    MonitoringPointFactory,
    ledger_months,
)
from wastewatch.periods import month_add

BEIJING = ZoneInfo("Asia/Shanghai")
FIRST = date(2024, 11, 1)
MONTHS = [month_add(FIRST, n) for n in range(24) if month_add(FIRST, n) != date(2026, 6, 1)]


def url(enterprise) -> str:
    return f"/enterprises/{enterprise.credit_code}/"


def ticket(point, number: str, at: datetime, net: str, category: str = "SW01") -> WeighTicket:
    return WeighTicket.objects.create(
        point=point,
        ticket_number=number,
        weighed_at=at,
        category=WasteCategory.objects.get(code=category),
        direction="out",
        gross_t=Decimal(net) + Decimal("15"),
        tare_t=Decimal("15"),
        net_t=Decimal(net),
        ingest_id=uuid.uuid4(),
    )


@pytest.fixture
def busy_enterprise(fixed_clock, catalogue, enterprise_a, enterprise_b, regulator):
    """Two years of slag ledgers (June 2026 missing), weighings in October and November 2026,
    manifests both ways, flags with reviews, economic figures."""
    ledger_months(
        enterprise_a,
        MONTHS,
        [
            {
                "generated": 1000 + index,
                "utilised": 400,
                "disposed": 100,
                "transferred_out": 300,
                "closing_stock": 200,
            }
            for index in range(len(MONTHS))
        ],
    )
    ledger_months(
        enterprise_a,
        MONTHS[-3:],
        [{"generated": 12.5, "transferred_out": 10} for _ in range(3)],
        code="HW48",
        waste_code="321-024-48",
    )
    points = [MonitoringPointFactory(enterprise=enterprise_a, code=f"wb-{n}") for n in (1, 2)]
    for day in range(1, 21):
        ticket(points[day % 2], f"O{day}", datetime(2026, 10, day, 9, tzinfo=BEIJING), "14.000")
        ticket(points[day % 2], f"N{day}", datetime(2026, 11, day, 9, tzinfo=BEIJING), "15.500")
    days = [date(2026, month, day) for month in (10, 11) for day in range(1, 21)]
    ticket_rollup_refresh(enterprise_id=enterprise_a.pk, days=days)
    for _ in range(4):
        ManifestFactory(generator=enterprise_a, receiver=enterprise_b)
    ManifestFactory(
        generator=enterprise_a,
        receiver=enterprise_b,
        number="20261502999999",
        quantity_received_t=Decimal("8.000"),
        received_at=datetime(2026, 10, 2, 9, tzinfo=BEIJING),
    )
    ManifestFactory(generator=enterprise_b, receiver=enterprise_a)
    for period in (date(2026, 9, 1), date(2026, 10, 1), date(2026, 11, 1)):
        flag = Flag.objects.create(
            enterprise=enterprise_a,
            category=WasteCategory.objects.get(code="SW01"),
            period=period,
            kind="measured_vs_reported",
            severity=3,
            reasons=[],
            fingerprint=f"f{period}",
        )
        for status, note in (("confirmed", "现场核查"), ("open", "重新打开")):
            FlagReview.objects.create(flag=flag, status=status, note=note, reviewer=regulator)
    EconomicFigure.objects.create(
        enterprise=enterprise_a,
        period=date(2026, 10, 1),
        output_value=Decimal("12000"),
        value_added=Decimal("2000"),
    )
    EconomicFigure.objects.create(
        enterprise=enterprise_a, period=date(2026, 6, 1), output_value=Decimal("9000")
    )
    return enterprise_a


def test_logged_out_users_go_to_login(client, enterprise_a):
    response = client.get(url(enterprise_a))
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_a_regulator_reads_any_enterprise(client, regulator, enterprise_a, enterprise_b):
    client.force_login(regulator)
    for enterprise in (enterprise_a, enterprise_b):
        page = client.get(url(enterprise)).content.decode()
        assert f"<h1>{enterprise.name}</h1>" in page


def test_an_operator_reads_only_their_parks_enterprises(
    client, operator_a, enterprise_a, enterprise_b
):
    client.force_login(operator_a)
    assert client.get(url(enterprise_a)).status_code == 200
    assert client.get(url(enterprise_b)).status_code == 404


def test_an_enterprise_user_reads_only_their_own(client, enterprise_user, enterprise_a, park_a):
    neighbour = EnterpriseFactory(park=park_a)
    client.force_login(enterprise_user)
    assert client.get(url(enterprise_a)).status_code == 200
    assert client.get(url(neighbour)).status_code == 404
    assert client.get("/enterprises/NOSUCHCODE/").status_code == 404


def test_the_identity_links_the_park(client, regulator, enterprise_a):
    enterprise_a.is_key_unit = True
    enterprise_a.hazardous_waste_tier = "key"
    enterprise_a.save()
    client.force_login(regulator)
    page = client.get(url(enterprise_a)).content.decode()
    assert enterprise_a.credit_code in page
    assert '<a href="/parks/PA/">Park A</a>' in page
    assert "Key supervised unit (hazardous waste)" in page
    assert "3120" in page


def section(page: str, name: str) -> str:
    return re.search(rf'<section id="{name}">(.*?)</section>', page, re.S).group(1)


def row(html: str, label: str) -> str:
    return re.search(rf"<tr><th scope=\"row\">{label}</th>(.*?)</tr>", html, re.S).group(1)


def test_the_monthly_flows_show_each_waste_and_say_no_data(client, regulator, busy_enterprise):
    client.force_login(regulator)
    flows = section(client.get(url(busy_enterprise)).content.decode(), "flows")
    assert "November 2024 to October 2026" in flows
    assert 'data-chart="flows-0"' in flows and 'id="flows-0"' in flows
    assert "<code>321-024-48</code>" in flows  # one block per 8-digit code
    hazardous, slag = flows.split("<h3>")[1:]
    assert hazardous.startswith("HW48") and slag.startswith("SW01")
    october = row(slag, "2026-10")
    assert re.findall(r'<td class="num">([^<]*)</td>', october) == [
        "1,022.000",
        "400.000",
        "100.000",
        "300.000",
        "200.000",
    ]
    assert "no data" in row(slag, "2026-06")
    assert "—" in row(hazardous, "2026-10")  # a flow its ledger did not report
    assert "no data" in row(hazardous, "2026-07")
    assert "<caption>" in flows and 'scope="col"' in flows


def test_weighed_vs_declared_per_month(client, regulator, busy_enterprise):
    client.force_login(regulator)
    weighed = section(client.get(url(busy_enterprise)).content.decode(), "weighed")
    october = row(weighed, "2026-10")
    # 20 tickets of 14 t weighed; 300 t of slag and 10 t of HW48 declared.
    assert re.findall(r'<td class="num">([^<]*)</td>', october) == [
        "280.000",
        "20",
        "310.000",
        "-30.000",
    ]
    assert "no data" in row(weighed, "2026-06")


def test_manifests_uploads_flags_and_economics(client, regulator, busy_enterprise):
    client.force_login(regulator)
    page = client.get(url(busy_enterprise)).content.decode()
    manifests = section(page, "manifests")
    assert manifests.count("/manifests/") == 7  # six manifests and the link to all of them
    assert '<a href="/manifests/20261502999999/">' in manifests
    assert "mark-discrepant" in manifests
    assert "乙企业有限公司" in manifests  # the counterparty, linked for a regulator
    flags = section(page, "flags")
    assert flags.count('href="/flags/') == 4  # three flags and the link to all of them
    assert "现场核查" in flags and "重新打开" in flags
    assert "measured_vs_reported" not in flags  # the check in words, never its code
    assert "Weighed vs reported" in flags
    economics = section(page, "economics")
    october = row(economics, "2026-10")
    assert "12,000.00" in october and "2,000.00" in october
    assert "1,034.500" in october  # 1,022 t of slag and 12.5 t of HW48 generated
    assert "0.5173" in october  # t per 万元: 1,034.5 / 2,000
    assert "no data" in row(economics, "2026-06")


def test_the_weighbridges_series_covers_the_last_60_days(client, regulator, busy_enterprise):
    client.force_login(regulator)
    weighbridges = section(client.get(url(busy_enterprise)).content.decode(), "weighbridges")
    assert "<code>wb-1</code>" in weighbridges and "<code>wb-2</code>" in weighbridges
    assert "2026-10-05 to 2026-12-03" in weighbridges
    assert "2026-11-20" in weighbridges and "15.500" in weighbridges
    assert "2026-10-04</th>" not in weighbridges  # before the 60 days
    assert 'data-chart="weighbridge-net"' in weighbridges


def test_the_counterparty_outside_an_operators_scope_is_not_linked(
    client, operator_a, busy_enterprise
):
    client.force_login(operator_a)
    manifests = section(client.get(url(busy_enterprise)).content.decode(), "manifests")
    assert "乙企业有限公司" in manifests
    assert "/enterprises/" not in manifests


def test_uploads_and_their_corrections(client, fixed_clock, catalogue, regulator, operator_a):
    enterprise = EnterpriseFactory(park=operator_a.park_memberships.get().park, name="上传企业")
    code = enterprise.credit_code

    def upload(name: str, generated: str) -> UploadBatch:
        data = ledger_csv(
            [code, "2026-10", "SW01", flow, generated, "t", "", ""] for flow in ("产生", "自行利用")
        )
        batch, _created = upload_batch_create(actor=operator_a, name=name, data=data)
        ledger_upload_process(batch_id=batch.pk)
        batch.refresh_from_db()
        return batch

    first = upload("first.csv", "100")
    assert first.status == UploadBatch.Status.INGESTED, first.errors
    second = upload("second.csv", "120")
    assert second.status == UploadBatch.Status.AWAITING_CONFIRMATION
    ledger_upload_confirm(actor=operator_a, batch=second)
    client.force_login(regulator)
    uploads = section(client.get(url(enterprise)).content.decode(), "uploads")
    assert "first.csv" in uploads and "second.csv" in uploads
    corrections = uploads.split("Corrected figures")[1]
    assert "100.000" in corrections and "second.csv" in corrections


def test_the_page_reads_a_busy_enterprise_in_a_fixed_number_of_queries(
    client, regulator, busy_enterprise, django_assert_max_num_queries
):
    client.force_login(regulator)
    with django_assert_max_num_queries(16):
        response = client.get(url(busy_enterprise))
    assert response.status_code == 200


def test_the_flag_list_and_the_manifest_list_link_to_the_page(client, regulator, busy_enterprise):
    client.force_login(regulator)
    link = f'<a href="{url(busy_enterprise)}">{busy_enterprise.name}</a>'
    assert link in client.get("/flags/?status=open").content.decode()
    assert link in client.get("/manifests/").content.decode()
    assert link in client.get("/parks/PA/").content.decode()


def test_the_manifest_list_links_only_the_enterprises_in_scope(
    client, operator_a, busy_enterprise, enterprise_b
):
    client.force_login(operator_a)
    page = client.get("/manifests/").content.decode()
    assert f'<a href="{url(busy_enterprise)}">' in page
    assert enterprise_b.name in page
    assert url(enterprise_b) not in page


def test_the_page_speaks_chinese(client, regulator, busy_enterprise):
    client.force_login(regulator)
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    page = client.get(url(busy_enterprise)).content.decode()
    assert "分废物月度台账" in page and "过磅量与申报量对比" in page
    assert "无数据" in row(section(page, "weighed"), "2026年6月")


def test_the_flag_and_manifest_pages_link_to_the_page(client, regulator, busy_enterprise):
    client.force_login(regulator)
    link = f'<a href="{url(busy_enterprise)}">{busy_enterprise.name}</a>'
    flag = busy_enterprise.flags.first()
    assert link in client.get(f"/flags/{flag.pk}/").content.decode()
    assert link in client.get("/manifests/20261502999999/").content.decode()
