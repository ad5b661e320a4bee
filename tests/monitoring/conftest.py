import pytest
from django.core.management import call_command

from monitoring.services import device_key_issue
from tests.factories import MonitoringPointFactory


@pytest.fixture
def catalogue(db):
    call_command("load_reference_data", verbosity=0)


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
