"""Shared people and places: park A and park B, an operator of each, a regulator, an
enterprise user of A's enterprise, a staff admin ("B's operator has no access to A's stuff")."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import translation
from rest_framework.test import APIClient

from detection.models import Flag
from monitoring.ledger.services import ledger_upload_process, upload_batch_create
from monitoring.ledger.synthetic import ledger_csv
from monitoring.models import UploadBatch, WasteCategory
from parks.economics import economic_figures_save
from tests.factories import (
    EnterpriseFactory,
    EnterpriseMembershipFactory,
    MonitoringPointFactory,
    ParkFactory,
    ParkMembershipFactory,
    UserFactory,
    credit_code,
)
from wastewatch.roles import REGULATOR_GROUP


@pytest.fixture(autouse=True)
def _no_language_left_behind():
    """A request through the test client activates its reader's language in the test's thread
    and nothing deactivates it: without this, a Chinese request leaks into the next test."""
    yield
    translation.deactivate()


@pytest.fixture
def fixed_clock():
    """Today is Thursday 3 December 2026, 10:00 in Baotou, and the clock ticks on from there:
    for tests whose dated data must stay inside the windows measured back from today."""
    with time_machine.travel(
        datetime(2026, 12, 3, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=True
    ) as traveller:
        yield traveller


@pytest.fixture
def park_a(db):
    return ParkFactory(code="PA", name="甲园区", name_en="Park A")


@pytest.fixture
def park_b(db):
    return ParkFactory(code="PB", name="乙园区", name_en="Park B")


@pytest.fixture
def enterprise_a(park_a):
    return EnterpriseFactory(park=park_a, name="甲企业有限公司")


@pytest.fixture
def enterprise_b(park_b):
    return EnterpriseFactory(park=park_b, name="乙企业有限公司")


@pytest.fixture
def operator_a(park_a):
    return ParkMembershipFactory(user=UserFactory(username="alice"), park=park_a).user


@pytest.fixture
def operator_b(park_b):
    return ParkMembershipFactory(user=UserFactory(username="bob"), park=park_b).user


@pytest.fixture
def regulator(db):
    user = UserFactory(username="regina")
    user.groups.add(Group.objects.get_or_create(name=REGULATOR_GROUP)[0])
    return user


@pytest.fixture
def enterprise_user(enterprise_a):
    return EnterpriseMembershipFactory(
        user=UserFactory(username="erin"), enterprise=enterprise_a
    ).user


@pytest.fixture
def staff_admin(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


@pytest.fixture
def api():
    """An API client; `api.force_authenticate(user)` picks the caller."""
    return APIClient()


@pytest.fixture
def catalogue(db):
    call_command("load_reference_data", verbosity=0)


@pytest.fixture
def ledger_city(catalogue, park_a, park_b):
    """A small city whose every indicator is computed by hand in tests/indicators/."""
    g1 = EnterpriseFactory(park=park_a, name="G1")
    r1 = EnterpriseFactory(park=park_a, name="R1")
    b1 = EnterpriseFactory(park=park_b, name="B1")
    stranger = credit_code(99)
    g, r, b = g1.credit_code, r1.credit_code, b1.credit_code
    rows = [
        (g, "2026-01", "SW01", "期初贮存", "100", ""),
        (g, "2026-01", "SW01", "产生", "1000", ""),
        (g, "2026-01", "SW01", "自行利用", "400", ""),
        (g, "2026-01", "SW01", "自行处置", "100", ""),
        (g, "2026-01", "SW01", "委外转移", "300", r),
        (g, "2026-01", "SW01", "期末贮存", "300", ""),
        (g, "2026-02", "SW01", "期初贮存", "300", ""),
        (g, "2026-02", "SW01", "产生", "800", ""),
        (g, "2026-02", "SW01", "自行利用", "500", ""),
        (g, "2026-02", "SW01", "自行处置", "100", ""),
        (g, "2026-02", "SW01", "委外转移", "400", r),
        (g, "2026-02", "SW01", "期末贮存", "100", ""),
        (g, "2026-01", "HW08", "期初贮存", "10", ""),
        (g, "2026-01", "HW08", "产生", "20", ""),
        (g, "2026-01", "HW08", "委外转移", "25", stranger),
        (g, "2026-01", "HW08", "期末贮存", "5", ""),
        (r, "2026-01", "SW01", "接收", "300", g),
        (r, "2026-01", "SW01", "自行利用", "240", ""),
        (r, "2026-01", "SW01", "自行处置", "60", ""),
        (r, "2026-02", "SW01", "接收", "400", g),
        (r, "2026-02", "SW01", "自行利用", "320", ""),
        (r, "2026-02", "SW01", "自行处置", "80", ""),
        (b, "2026-01", "SW02", "产生", "100", ""),
        (b, "2026-01", "SW02", "自行利用", "100", ""),
        (b, "2026-02", "SW02", "期初贮存", "50", ""),
        (b, "2026-02", "SW02", "产生", "100", ""),
        (b, "2026-02", "SW02", "自行利用", "150", ""),
    ]
    admin = get_user_model().objects.create(username="staff", is_staff=True, is_superuser=True)
    data = ledger_csv(
        [code, month, waste, flow, t, "t", other, ""] for code, month, waste, flow, t, other in rows
    )
    batch, _created = upload_batch_create(actor=admin, name="city.csv", data=data)
    ledger_upload_process(batch_id=batch.pk)
    batch.refresh_from_db()
    assert batch.status == UploadBatch.Status.INGESTED, batch.errors
    saved = economic_figures_save(
        actor=admin,
        rows=[
            (1, {"credit_code": g, "period": "2026-01", "value_added": "500"}),
            (2, {"credit_code": g, "period": "2026-02", "value_added": "500"}),
            (3, {"credit_code": r, "period": "2026-01", "value_added": "100"}),
        ],
        source="test",
    )
    assert not saved.errors
    return {"G1": g1, "R1": r1, "B1": b1}


@pytest.fixture
def point_a(enterprise_a):
    return MonitoringPointFactory(enterprise=enterprise_a, code="wb-a")


@pytest.fixture
def flag_a(enterprise_a, catalogue):
    """An open flag of enterprise A: weighed 640 t against 1,200 t reported in October."""
    return Flag.objects.create(
        enterprise=enterprise_a,
        category=WasteCategory.objects.get(code="SW01"),
        period=date(2026, 10, 1),
        kind="measured_vs_reported",
        severity=3,
        reasons=[
            {
                "code": "measured_vs_reported",
                "reported_t": "1200.000",
                "measured_t": "640.000",
                "change_pct": -47,
            }
        ],
        fingerprint="x",
    )
