import pytest

from monitoring.services import device_key_issue


@pytest.fixture
def device_a(api, point_a, catalogue):
    """An API client authenticated as park A's weighbridge."""
    key = device_key_issue(actor=None, point=point_a)
    api.credentials(HTTP_AUTHORIZATION=f"Device {key}")
    api.key = key
    return api


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


@pytest.fixture
def back_to_latest():
    """Whatever a migration test does, the next test finds the schema of today's models."""
    from tests.monitoring.partition_helpers import migrate_to_latest

    yield
    migrate_to_latest()
