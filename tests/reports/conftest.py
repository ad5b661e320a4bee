"""A small city whose report figures are worked out by hand in the tests: the ledger city of
tests/conftest.py (January 2026: G1 and R1 in park PA, B1 in park PB), plus G1's weighbridge
weighing 310 t of slag out to R1, a manifest 20 % short, two flags (one dismissed with a
note), and G1's January ledger filed on 10 February (on time) while R1's came late."""

import csv
import io
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from detection.models import Flag
from monitoring.ledger.columns import COLUMNS
from monitoring.ledger.services import ledger_upload_process, upload_batch_create
from monitoring.models import LedgerEntry, UploadBatch, WasteCategory
from monitoring.services import weigh_ticket_batch_ingest
from parks.models import Enterprise
from tests.factories import (
    EnterpriseFactory,
    EnterpriseMembershipFactory,
    ManifestFactory,
    MonitoringPointFactory,
    UserFactory,
    credit_code,
    weigh_ticket_payload,
)
from wastewatch.tabular_write import csv_bytes

BEIJING = ZoneInfo("Asia/Shanghai")
JAN = date(2026, 1, 1)
# The upload's columns a declaration's ledger fills, with each transfer's purpose.
UPLOADED = [
    "credit_code",
    "period",
    "waste_code",
    "flow",
    "quantity",
    "unit",
    "counterparty",
    "purpose",
    "note",
]


@pytest.fixture
def report_city(ledger_city, regulator):
    g1, r1 = ledger_city["G1"], ledger_city["R1"]
    point = MonitoringPointFactory(enterprise=g1, code="wb-g1")
    items = [
        weigh_ticket_payload(
            f"G1-{day}",
            weighed_at=f"2026-01-{day:02d}T09:00:00+08:00",
            gross_t=47.0,
            tare_t=16.0,
            counterparty=r1.credit_code,
        )
        for day in range(5, 15)
    ]
    result = weigh_ticket_batch_ingest(point=point, items=items)  # 10 × 31 t = 310 t
    assert not result.rejected, result.rejected
    ManifestFactory(
        generator=g1,
        receiver=r1,
        number="20261502000001",
        shipped_at=datetime(2026, 1, 12, 10, 0, tzinfo=BEIJING),
        confirmation_due=date(2026, 1, 19),
        quantity_shipped_t=Decimal("10.000"),
        quantity_received_t=Decimal("8.000"),
        received_at=datetime(2026, 1, 13, 15, 0, tzinfo=BEIJING),
    )
    slag = WasteCategory.objects.get(code="SW01")
    Flag.objects.create(
        enterprise=g1,
        category=slag,
        period=JAN,
        kind="stock_carry",
        severity=2,
        reasons=[
            {
                "code": "stock_carry",
                "period": "2026-01",
                "opening_t": "100.000",
                "closing_t": "90.000",
            }
        ],
    )
    Flag.objects.create(
        enterprise=r1,
        category=slag,
        period=JAN,
        kind="counterparty",
        severity=1,
        status=Flag.Status.DISMISSED,
        reviewed_by=regulator,
        review_note="称重误差，已核实",
        reasons=[
            {
                "code": "counterparty",
                "receiver": "R1",
                "sent_t": "300.000",
                "received_t": "290.000",
                "change_pct": -3,
            }
        ],
    )
    LedgerEntry.objects.filter(enterprise=g1, period=JAN).update(
        created_at=datetime(2026, 2, 10, 9, 0, tzinfo=BEIJING)
    )
    return ledger_city


@pytest.fixture
def raw_city(report_city, regulator, park_b):
    """The report city plus park B's own records (B1: a weighing, a manifest to B2, a flag
    dismissed with a note that looks like a formula), for the raw downloads' scoping."""
    b1 = report_city["B1"]
    point = MonitoringPointFactory(enterprise=b1, code="wb-b1")
    result = weigh_ticket_batch_ingest(
        point=point,
        items=[
            weigh_ticket_payload(
                "B1-1", weighed_at="2026-02-03T23:30:00+08:00", category="SW02", gross_t=30.0
            )
        ],
    )
    assert not result.rejected, result.rejected
    ManifestFactory(
        generator=b1,
        receiver=EnterpriseFactory(park=park_b, name="B2"),
        number="20261502000002",
        shipped_at=datetime(2026, 2, 2, 8, 0, tzinfo=BEIJING),
        confirmation_due=date(2026, 2, 9),
        quantity_shipped_t=Decimal("5.000"),
    )
    Flag.objects.create(
        enterprise=b1,
        category=WasteCategory.objects.get(code="SW02"),
        period=date(2026, 2, 1),
        kind="stock_carry",
        severity=1,
        status=Flag.Status.DISMISSED,
        reviewed_by=regulator,
        review_note='=HYPERLINK("http://evil.example","click")',
        reasons=[
            {
                "code": "stock_carry",
                "period": "2026-02",
                "opening_t": "50.000",
                "closing_t": "0.000",
            }
        ],
    )
    return report_city


def csv_rows(response) -> list[list[str]]:
    """A streamed CSV response's rows; asserts the BOM that makes Excel read Chinese."""
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


@pytest.fixture
def declaring_city(report_city, park_a):
    """H1, a key supervised unit of park PA whose first quarter of 2026 is worked out by hand
    in the declaration tests: waste oil 900-249-08 (HW08) by purpose to R1 and to a receiver
    not registered here, spent activated carbon 900-039-49 (HW49) stored in January, and slag
    (SW01) to R1 and the stranger; two manifests to R1, one of them in February."""
    g1, r1 = report_city["G1"], report_city["R1"]
    h1 = EnterpriseFactory(
        park=park_a,
        name="H1",
        hazardous_waste_tier=Enterprise.HazardousWasteTier.KEY,
    )
    g1.hazardous_waste_tier = Enterprise.HazardousWasteTier.SIMPLIFIED
    g1.save()
    h, r, stranger = h1.credit_code, r1.credit_code, credit_code(98)
    oil, carbon = "900-249-08", "900-039-49"
    rows = [
        (h, "2026-01", oil, "期初贮存", "4", "", ""),
        (h, "2026-01", oil, "产生", "12", "", ""),
        (h, "2026-01", oil, "自行利用", "1", "", ""),
        (h, "2026-01", oil, "委外转移", "8", r, "委托处置"),
        (h, "2026-01", oil, "委外转移", "2", stranger, "委托利用"),
        (h, "2026-01", oil, "期末贮存", "5", "", ""),
        (h, "2026-02", oil, "期初贮存", "5", "", ""),
        (h, "2026-02", oil, "产生", "10", "", ""),
        (h, "2026-02", oil, "委外转移", "9", r, "委托处置"),
        (h, "2026-02", oil, "期末贮存", "6", "", ""),
        (h, "2026-03", oil, "期初贮存", "6", "", ""),
        (h, "2026-03", oil, "产生", "8", "", ""),
        (h, "2026-03", oil, "自行处置", "2", "", ""),
        (h, "2026-03", oil, "委外转移", "5", r, "委托处置"),
        (h, "2026-03", oil, "期末贮存", "7", "", ""),
        (h, "2026-01", carbon, "产生", "0.5", "", ""),
        (h, "2026-01", carbon, "期末贮存", "0.5", "", ""),
        (h, "2026-01", "SW01", "产生", "100", "", ""),
        (h, "2026-01", "SW01", "自行利用", "30", "", ""),
        (h, "2026-01", "SW01", "委外转移", "50", r, "委托利用"),
        (h, "2026-01", "SW01", "期末贮存", "20", "", ""),
        (h, "2026-02", "SW01", "期初贮存", "20", "", ""),
        (h, "2026-02", "SW01", "产生", "80", "", ""),
        (h, "2026-02", "SW01", "委外转移", "90", r, "委托利用"),
        (h, "2026-02", "SW01", "期末贮存", "10", "", ""),
        (h, "2026-03", "SW01", "期初贮存", "10", "", ""),
        (h, "2026-03", "SW01", "产生", "60", "", ""),
        (h, "2026-03", "SW01", "自行处置", "10", "", ""),
        (h, "2026-03", "SW01", "委外转移", "55", stranger, "委托处置"),
        (h, "2026-03", "SW01", "期末贮存", "5", "", ""),
    ]
    header = [COLUMNS[key][0] for key in UPLOADED]
    data = csv_bytes([header, *([*row[:5], "t", row[5], row[6], ""] for row in rows)], bom=False)
    admin = UserFactory(username="uploader", is_staff=True, is_superuser=True)
    batch, _created = upload_batch_create(actor=admin, name="h1.csv", data=data)
    ledger_upload_process(batch_id=batch.pk)
    batch.refresh_from_db()
    assert batch.status == UploadBatch.Status.INGESTED, batch.errors
    for number, day, shipped in (("20261502000101", 20, "8.000"), ("20261502000102", 10, "9.000")):
        ManifestFactory(
            generator=h1,
            receiver=r1,
            number=number,
            category=WasteCategory.objects.get(code="HW08"),
            waste_code=oil,
            shipped_at=datetime(2026, 1 if number.endswith("1") else 2, day, 10, tzinfo=BEIJING),
            confirmation_due=date(2026, 3, 31),
            quantity_shipped_t=Decimal(shipped),
            quantity_received_t=Decimal(shipped),
            received_at=datetime(2026, 3, 1, 9, tzinfo=BEIJING),
        )
    return {**report_city, "H1": h1}


@pytest.fixture
def h1_user(declaring_city):
    """An enterprise user acting for H1."""
    return EnterpriseMembershipFactory(
        user=UserFactory(username="hana"), enterprise=declaring_city["H1"]
    ).user
