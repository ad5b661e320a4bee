"""Device keys: stored hashed, one point each, rotated and revoked by the park's operator."""

import pytest

from monitoring.models import MonitoringPoint, WeighTicket
from tests.factories import MonitoringPointFactory

TICKET = {
    "ticket_number": "K1",
    "weighed_at": "2026-11-20T08:00:00+08:00",
    "category": "SW02",
    "direction": "out",
    "gross_t": 40,
    "tare_t": 15,
}


def rotate(api, user, point):
    api.force_authenticate(user)
    response = api.post(f"/api/v1/monitoring-points/{point.pk}/rotate-key/")
    api.force_authenticate(None)
    return response


@pytest.mark.smoke
def test_the_operator_issues_a_key_that_is_stored_only_hashed(api, operator_a, point_a, catalogue):
    response = rotate(api, operator_a, point_a)
    assert response.status_code == 201
    assert "no-store" in response["Cache-Control"]  # kept in no cache
    key = response.json()["key"]
    stored = MonitoringPoint.objects.get(pk=point_a.pk)
    assert key not in (stored.key_hash, stored.key_prefix)
    api.credentials(HTTP_AUTHORIZATION=f"Device {key}")
    assert api.post("/api/v1/weigh-tickets/", [TICKET], format="json").json()["accepted"] == 1
    assert WeighTicket.objects.get().point == point_a


def test_a_rotated_or_revoked_key_stops_working(api, operator_a, point_a, catalogue):
    old = rotate(api, operator_a, point_a).json()["key"]
    new = rotate(api, operator_a, point_a).json()["key"]
    api.credentials(HTTP_AUTHORIZATION=f"Device {old}")
    response = api.post("/api/v1/weigh-tickets/", [TICKET], format="json")
    assert response.status_code == 401
    assert response.json()["message"] == "Unknown or revoked device key."
    api.credentials()
    api.force_authenticate(operator_a)
    assert api.post(f"/api/v1/monitoring-points/{point_a.pk}/revoke-key/").status_code == 204
    api.force_authenticate(None)
    api.credentials(HTTP_AUTHORIZATION=f"Device {new}")
    assert api.post("/api/v1/weigh-tickets/", [TICKET], format="json").status_code == 401
    assert not WeighTicket.objects.exists()


def test_only_the_parks_operator_or_staff_manage_keys(
    api, operator_b, regulator, enterprise_user, staff_admin, point_a
):
    assert rotate(api, operator_b, point_a).status_code == 404  # not even visible
    assert rotate(api, regulator, point_a).status_code == 403
    assert rotate(api, enterprise_user, point_a).status_code == 403
    assert rotate(api, staff_admin, point_a).status_code == 201


def test_an_operator_registers_points_only_for_their_parks(
    api, operator_a, enterprise_a, enterprise_b
):
    api.force_authenticate(operator_a)
    ok = api.post(
        "/api/v1/monitoring-points/",
        {"enterprise": enterprise_a.credit_code, "code": "wb-1", "kind": "weighbridge"},
    )
    assert ok.status_code == 201
    assert ok.json()["has_active_key"] is False
    other = api.post(
        "/api/v1/monitoring-points/",
        {"enterprise": enterprise_b.credit_code, "code": "wb-1", "kind": "weighbridge"},
    )
    assert other.status_code == 404


def test_tickets_are_listed_within_the_readers_scope(
    api, operator_b, regulator, device_a, enterprise_b
):
    device_a.post("/api/v1/weigh-tickets/", [TICKET], format="json")
    MonitoringPointFactory(enterprise=enterprise_b)
    device_a.credentials()
    device_a.force_authenticate(regulator)
    assert device_a.get("/api/v1/weigh-tickets/").json()["count"] == 1
    device_a.force_authenticate(operator_b)
    assert device_a.get("/api/v1/weigh-tickets/").json()["count"] == 0
    assert device_a.get("/api/v1/monitoring-points/").json()["count"] == 1
