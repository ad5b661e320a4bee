"""Vehicle plates in their real forms (including 8-character new-energy plates and trailers)
are accepted and stored without spaces or dots; a wrong or too long plate is refused with the
reason. Free text accepts any printable Unicode up to its documented limit (transporter 200
characters, receipt note 2000)."""

import pytest

from monitoring.models import Manifest
from tests.factories import EnterpriseMembershipFactory, ManifestFactory, UserFactory

URL = "/api/v1/manifests/"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("蒙B12345", "蒙B12345"),
        ("蒙B·12345", "蒙B12345"),
        ("蒙b 1234x", "蒙B1234X"),
        ("蒙BD12345", "蒙BD12345"),  # new energy, small car
        ("蒙B12345F", "蒙B12345F"),  # new energy, large vehicle
        ("蒙B1234挂", "蒙B1234挂"),  # trailer
    ],
)
def test_it_accepts_real_plates(api, enterprise_user, manifest_payload, typed, stored):
    api.force_authenticate(enterprise_user)
    response = api.post(URL, {**manifest_payload, "vehicle": typed}, format="json")
    assert response.status_code == 201, response.json()
    assert Manifest.objects.get().vehicle == stored


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("蒙B123456789", "A plate has 7 characters (8 for a new-energy vehicle); this one has 11."),
        ("B12345", "is not a plate number"),
        ("蒙I12345", "is not a plate number"),
        ("XX12345", "is not a plate number"),
    ],
)
def test_it_refuses_a_wrong_plate_with_the_reason(
    api, enterprise_user, manifest_payload, typed, reason
):
    api.force_authenticate(enterprise_user)
    response = api.post(URL, {**manifest_payload, "vehicle": typed}, format="json")
    assert response.status_code == 400
    assert reason in response.json()["extra"]["fields"]["vehicle"][0]


def test_a_plate_too_long_for_the_field_gets_the_plate_reason(
    api, enterprise_user, manifest_payload
):
    api.force_authenticate(enterprise_user)
    response = api.post(URL, {**manifest_payload, "vehicle": "蒙B" + "1" * 40}, format="json")
    assert response.status_code == 400
    assert response.json()["extra"]["fields"]["vehicle"] == [
        "A plate has 7 characters (8 for a new-energy vehicle); this one has 42."
    ]


def test_free_text_takes_any_printable_unicode(api, enterprise_user, manifest_payload):
    api.force_authenticate(enterprise_user)
    name = "包头市𠀀危险货物运输（有限）公司 — Ünïcödé ✓"
    response = api.post(URL, {**manifest_payload, "transporter_name": name}, format="json")
    assert response.status_code == 201, response.json()
    assert Manifest.objects.get().transporter_name == name


def test_free_text_refuses_control_characters_in_the_service(
    enterprise_user, enterprise_a, enterprise_b, catalogue, client
):
    """The portal's form goes through the same service as the API."""
    client.force_login(enterprise_user)
    response = client.post(
        "/manifests/new/",
        {
            "number": "20261502000001",
            "generator": enterprise_a.pk,
            "transporter_name": "运输\x1b公司",
            "vehicle": "蒙B12345",
            "receiver": enterprise_b.credit_code,
            "category": "HW48",
            "waste_code": "321-024-48",
            "quantity_shipped_t": "12.340",
            "shipped_at": "2026-09-30T10:00",
        },
    )
    assert response.status_code == 200
    assert "U+001B" in response.content.decode()
    assert not Manifest.objects.exists()


@pytest.fixture
def receiver_user(enterprise_b):
    return EnterpriseMembershipFactory(
        user=UserFactory(username="rita"), enterprise=enterprise_b
    ).user


def test_the_receipt_note_is_limited_to_2000_characters(
    api, receiver_user, enterprise_a, enterprise_b
):
    manifest = ManifestFactory(generator=enterprise_a, receiver=enterprise_b)
    api.force_authenticate(receiver_user)
    receipt = {"quantity_received_t": "9.9", "received_at": "2026-10-09T15:30:00+08:00"}
    url = f"{URL}{manifest.number}/confirm-receipt/"
    too_long = api.post(url, {**receipt, "note": "破" * 2001}, format="json")
    assert too_long.status_code == 400
    assert "2000" in too_long.json()["extra"]["fields"]["note"][0]
    ok = api.post(url, {**receipt, "note": "第一行\n第二行\t✓" + "破" * 1990}, format="json")
    assert ok.status_code == 200, ok.json()
