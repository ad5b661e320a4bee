"""Quantities a manifest cannot plausibly carry are refused with the reason: one vehicle's
load above MANIFEST_MAX_LOAD_T (or its category's own limit in
MANIFEST_MAX_LOAD_T_BY_CATEGORY), and a receipt whose received plus refused amounts are more
than was shipped."""

import pytest

from tests.factories import EnterpriseMembershipFactory, ManifestFactory, UserFactory

URL = "/api/v1/manifests/"


def test_it_refuses_more_than_one_vehicle_can_carry(
    api, enterprise_user, manifest_payload, settings
):
    settings.MANIFEST_MAX_LOAD_T = 49
    settings.MANIFEST_MAX_LOAD_T_BY_CATEGORY = {}
    api.force_authenticate(enterprise_user)
    response = api.post(URL, {**manifest_payload, "quantity_shipped_t": "49.001"}, format="json")
    assert response.status_code == 400
    assert response.json()["extra"]["fields"]["quantity_shipped_t"] == [
        "49.001 t is more than one vehicle can plausibly carry (limit 49 t, MANIFEST_MAX_LOAD_T)."
    ]
    ok = api.post(URL, {**manifest_payload, "quantity_shipped_t": "49.000"}, format="json")
    assert ok.status_code == 201, ok.json()


def test_a_category_has_its_own_limit(api, enterprise_user, manifest_payload, settings):
    settings.MANIFEST_MAX_LOAD_T = 49
    settings.MANIFEST_MAX_LOAD_T_BY_CATEGORY = {"HW48": 30}
    api.force_authenticate(enterprise_user)
    response = api.post(URL, {**manifest_payload, "quantity_shipped_t": "30.5"}, format="json")
    assert response.status_code == 400
    assert response.json()["extra"]["fields"]["quantity_shipped_t"] == [
        "30.500 t of HW48 is more than one vehicle can plausibly carry (limit 30 t, "
        "MANIFEST_MAX_LOAD_T_BY_CATEGORY)."
    ]


@pytest.fixture
def manifest(enterprise_a, enterprise_b):
    return ManifestFactory(generator=enterprise_a, receiver=enterprise_b)  # 10 t shipped


@pytest.fixture
def receiver_user(enterprise_b):
    return EnterpriseMembershipFactory(
        user=UserFactory(username="rita"), enterprise=enterprise_b
    ).user


@pytest.mark.parametrize(
    ("received", "refused"), [("9.000", "1.001"), ("0", "10.5"), ("10.000", "0.100")]
)
def test_it_refuses_more_received_and_refused_than_shipped(
    api, receiver_user, manifest, received, refused
):
    api.force_authenticate(receiver_user)
    response = api.post(
        f"{URL}{manifest.number}/confirm-receipt/",
        {
            "quantity_received_t": received,
            "quantity_refused_t": refused,
            "received_at": "2026-10-09T15:30:00+08:00",
        },
        format="json",
    )
    assert response.status_code == 400, response.json()
    message = response.json()["extra"]["fields"]["quantity_refused_t"][0]
    assert "more than the 10.000 t shipped" in message
    manifest.refresh_from_db()
    assert manifest.received_at is None


def test_it_accepts_everything_refused(api, receiver_user, manifest):
    api.force_authenticate(receiver_user)
    response = api.post(
        f"{URL}{manifest.number}/confirm-receipt/",
        {
            "quantity_received_t": "0",
            "quantity_refused_t": "10.000",
            "received_at": "2026-10-09T15:30:00+08:00",
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
