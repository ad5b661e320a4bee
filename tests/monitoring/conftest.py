from datetime import date

import pytest

from monitoring.models import Flag, WasteCategory
from monitoring.services import device_key_issue
from tests.factories import MonitoringPointFactory


@pytest.fixture
def point_a(enterprise_a):
    return MonitoringPointFactory(enterprise=enterprise_a, code="wb-a")


@pytest.fixture
def device_a(api, point_a, catalogue):
    """An API client authenticated as park A's weighbridge."""
    key = device_key_issue(actor=None, point=point_a)
    api.credentials(HTTP_AUTHORIZATION=f"Device {key}")
    api.key = key
    return api


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


@pytest.fixture
def manifest_payload(catalogue, enterprise_a, enterprise_b):
    """A valid manifest from enterprise A to B, as the API takes it."""
    return {
        "number": "20261502000001",
        "generator": enterprise_a.credit_code,
        "transporter_name": "包头市危险货物运输有限公司",
        "vehicle": "蒙B12345",
        "receiver": enterprise_b.credit_code,
        "category": "HW48",
        "waste_code": "321-024-48",
        "quantity_shipped_t": "12.340",
        "shipped_at": "2026-09-30T10:00:00+08:00",
    }
