"""factory_boy factories: small, valid registry objects with WKT geometries."""

import random
from datetime import date
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.contrib.gis.geos import GEOSGeometry, Point

from parks.models import Enterprise, EnterpriseMembership, Park, ParkMembership
from parks.validators import CREDIT_CODE_CHARSET, credit_code_check_character


def credit_code(seed: int | None = None) -> str:
    """A valid unified social credit code (GB 32100-2015) for a Baotou enterprise."""
    rng = random.Random(seed)
    first17 = "91150204" + "".join(rng.choice(CREDIT_CODE_CHARSET) for _ in range(9))
    return first17 + credit_code_check_character(first17)


def square(lon: float, lat: float, half: float = 0.02) -> GEOSGeometry:
    """A square MultiPolygon around lon/lat, as inline WKT."""
    w, e, s, n = lon - half, lon + half, lat - half, lat + half
    return GEOSGeometry(f"MULTIPOLYGON((({w} {s},{e} {s},{e} {n},{w} {n},{w} {s})))", srid=4326)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("pw")


class ParkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Park

    code = factory.Sequence(lambda n: f"P{n}")
    name = factory.Sequence(lambda n: f"测试园区{n}")
    name_en = factory.Sequence(lambda n: f"Test park {n}")
    level = Park.Level.REGIONAL
    district = "青山区"
    # Side by side along a band of longitudes, wrapping to the next row: a long test run
    # creates thousands of parks and every one must stay within -180…180.
    boundary = factory.Sequence(
        lambda n: square(100.0 + n % 300 * 0.1, 30.5 + n // 300 % 200 * 0.1)
    )


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    credit_code = factory.Sequence(credit_code)
    name = factory.Sequence(lambda n: f"测试企业{n}有限公司")
    industry_code = "3120"
    park = factory.SubFactory(ParkFactory)
    location = factory.LazyAttribute(lambda o: o.park.boundary.centroid)
    is_key_unit = False


class ParkMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ParkMembership

    user = factory.SubFactory(UserFactory)
    park = factory.SubFactory(ParkFactory)


class EnterpriseMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EnterpriseMembership

    user = factory.SubFactory(UserFactory)
    enterprise = factory.SubFactory(EnterpriseFactory)


def point(lon: float, lat: float) -> Point:
    return Point(lon, lat, srid=4326)


class MonitoringPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "monitoring.MonitoringPoint"

    enterprise = factory.SubFactory(EnterpriseFactory)
    code = factory.Sequence(lambda n: f"wb-{n}")
    kind = "weighbridge"


# Manifests (imports are local, so that this part only adds to the file).


def _hazardous_category(code: str = "HW48"):
    from monitoring.models import WasteCategory

    return WasteCategory.objects.get_or_create(
        code=code,
        defaults={
            "name_zh": "有色金属采选和冶炼废物",
            "name_en": "Non-ferrous metal mining and smelting waste",
            "is_hazardous": True,
            "catalogue_version": "2021",
        },
    )[0]


def _national_day_eve():
    from datetime import datetime
    from zoneinfo import ZoneInfo

    return datetime(2026, 9, 30, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def _ten_tonnes():
    from decimal import Decimal

    return Decimal("10.000")


def _manifest_number(o, n: int) -> str:
    from monitoring.manifests import local_date

    return f"{local_date(o.shipped_at).year}1502{n:06d}"


def _due_date(o):
    from monitoring.manifests import CalendarYearNotCovered, manifest_due_date

    if o.received_at is None:
        return None
    try:
        return manifest_due_date(received_at=o.received_at)
    except CalendarYearNotCovered:
        return None


class ManifestFactory(factory.django.DjangoModelFactory):
    """An unconfirmed 10 t HW48 manifest shipped on 2026-09-30 (overdue after 2026-10-20:
    5 working days in transit and 5 to confirm, past the National Day holiday), stored as is:
    tests of the rules go through manifest_create. Given `received_at`, it was confirmed then
    unless `confirmed_at` says otherwise."""

    class Meta:
        model = "monitoring.Manifest"

    shipped_at = factory.LazyFunction(_national_day_eve)
    number = factory.LazyAttributeSequence(_manifest_number)
    generator = factory.SubFactory(EnterpriseFactory)
    receiver = factory.SubFactory(EnterpriseFactory)
    transporter_name = "包头市危险货物运输有限公司"
    vehicle = "蒙B12345"
    category = factory.LazyFunction(_hazardous_category)
    waste_code = "321-024-48"
    quantity_shipped_t = factory.LazyFunction(_ten_tonnes)
    received_at = None
    confirmed_at = factory.LazyAttribute(lambda o: o.received_at)
    confirmation_due = factory.LazyAttribute(_due_date)
    created_by = factory.SubFactory(UserFactory)


def weigh_ticket_payload(number: str = "T1", **overrides) -> dict:
    """One weigh ticket as a device sends it (an outbound SW01 load of 32.15 t)."""
    return {
        "ticket_number": number,
        "weighed_at": "2026-11-20T08:15:00+08:00",
        "category": "SW01",
        "direction": "out",
        "gross_t": 48.25,
        "tare_t": 16.1,
        "vehicle": "蒙B12345",
        **overrides,
    }


def measured_gap(enterprise: Enterprise) -> None:
    """October 2026's slag: 1,200 t reported transferred out, 640 t weighed leaving (one
    measured_vs_reported flag for scoring to raise)."""
    from monitoring.models import LedgerEntry, TicketRollup, WasteCategory

    slag = WasteCategory.objects.get(code="SW01")
    LedgerEntry.objects.create(
        enterprise=enterprise,
        category=slag,
        period=date(2026, 10, 1),
        flow="transferred_out",
        quantity_t=Decimal("1200"),
        source="api",
    )
    TicketRollup.objects.create(
        enterprise=enterprise,
        category=slag,
        direction="out",
        day=date(2026, 10, 15),
        tickets=20,
        net_t=Decimal("640"),
    )


def ledger_months(
    enterprise: Enterprise,
    months: list[date],
    rows: list[dict[str, float]],
    *,
    code: str = "SW01",
    waste_code: str = "",
) -> None:
    """Current ledger figures of one waste: for each month, its flows in tonnes."""
    from monitoring.models import LedgerEntry, WasteCategory

    category = WasteCategory.objects.get(code=code)
    LedgerEntry.objects.bulk_create(
        LedgerEntry(
            enterprise=enterprise,
            category=category,
            waste_code=waste_code,
            period=period,
            flow=flow,
            quantity_t=Decimal(f"{tonnes:.3f}"),
            source="api",
        )
        for period, row in zip(months, rows, strict=True)
        for flow, tonnes in row.items()
    )
