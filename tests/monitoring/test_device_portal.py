"""The Devices page: points in scope, keys issued once, revoked, points registered."""

import pytest

from monitoring.models import MonitoringPoint
from monitoring.services import monitoring_point_for_key


@pytest.mark.smoke
def test_the_operator_issues_a_key_shown_once(client, operator_a, point_a):
    client.force_login(operator_a)
    assert "wb-a" in client.get("/devices/").content.decode()
    response = client.post(f"/devices/{point_a.pk}/rotate-key/")
    assert "no-store" in response["Cache-Control"]  # kept in no cache
    page = response.content.decode()
    key = page.split('id="device-key">', 1)[1].split("<", 1)[0]
    assert monitoring_point_for_key(key) == point_a
    assert key not in client.get("/devices/").content.decode()
    client.post(f"/devices/{point_a.pk}/revoke-key/")
    assert monitoring_point_for_key(key) is None


def test_the_operator_registers_a_point(client, operator_a, enterprise_a):
    client.force_login(operator_a)
    response = client.post(
        "/devices/",
        {
            "enterprise": enterprise_a.pk,
            "code": "wb-east",
            "kind": "weighbridge",
            "name": "东门地磅",
        },
    )
    assert response.status_code == 302
    assert MonitoringPoint.objects.filter(enterprise=enterprise_a, code="wb-east").exists()


def test_others_neither_see_nor_manage_the_point(client, operator_b, regulator, point_a):
    client.force_login(operator_b)
    assert "wb-a" not in client.get("/devices/").content.decode()
    assert client.post(f"/devices/{point_a.pk}/rotate-key/").status_code == 404
    client.force_login(regulator)
    page = client.get("/devices/").content.decode()
    assert "wb-a" in page and "Rotate key" not in page and "Issue key" not in page
    assert client.post(f"/devices/{point_a.pk}/rotate-key/").status_code == 403
