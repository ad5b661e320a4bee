"""The receiver's side confirms receipt once; the platform compares what was shipped with
what was received and refused."""

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from monitoring.manifests import manifest_figures, manifest_receipt_confirm
from tests.factories import EnterpriseMembershipFactory, ManifestFactory, UserFactory

BEIJING = ZoneInfo("Asia/Shanghai")


def url(manifest) -> str:
    return f"/api/v1/manifests/{manifest.number}/confirm-receipt/"


@pytest.fixture
def manifest(enterprise_a, enterprise_b):
    """10 t shipped from park A to park B on 2026-09-30, due 2026-10-13."""
    return ManifestFactory(generator=enterprise_a, receiver=enterprise_b)


@pytest.fixture
def receiver_user(enterprise_b):
    return EnterpriseMembershipFactory(
        user=UserFactory(username="rita"), enterprise=enterprise_b
    ).user


def receipt(**changes):
    data = {
        "quantity_received_t": "9.800",
        "quantity_refused_t": "0.100",
        "received_at": "2026-10-09T15:30:00+08:00",
        "note": "两袋破损，拒收",
    }
    data.update(changes)
    return data


@pytest.mark.smoke
def test_it_confirms_receipt_for_a_member_of_the_receiver(api, receiver_user, manifest):
    api.force_authenticate(receiver_user)
    response = api.post(url(manifest), receipt(), format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "confirmed"
    assert (body["quantity_received_t"], body["quantity_refused_t"]) == ("9.800", "0.100")
    assert body["received_at"] == "2026-10-09T15:30:00+08:00"
    assert body["receipt_note"] == "两袋破损，拒收"
    assert body["confirmed_by"] == "rita"
    assert (body["discrepancy_t"], body["discrepancy_ratio"]) == ("0.100", "0.0100")
    assert body["is_discrepant"] is False
    assert body["is_late"] is True  # confirmed today, more than 5 working days after receipt
    manifest.refresh_from_db()
    assert manifest.confirmed_by == receiver_user


def test_the_refused_quantity_defaults_to_zero(api, operator_b, manifest):
    api.force_authenticate(operator_b)  # the receiver's park operator may confirm
    data = receipt()
    del data["quantity_refused_t"], data["note"]
    body = api.post(url(manifest), data, format="json").json()
    assert body["quantity_refused_t"] == "0.000"
    assert body["discrepancy_t"] == "0.200"


def test_it_refuses_to_confirm_twice(api, receiver_user, staff_admin, manifest):
    api.force_authenticate(receiver_user)
    assert api.post(url(manifest), receipt(), format="json").status_code == 200
    api.force_authenticate(staff_admin)
    response = api.post(url(manifest), receipt(quantity_received_t="5"), format="json")
    assert response.status_code == 400
    assert response.json() == {
        "message": f"Manifest {manifest.number} was already confirmed (received 2026-10-09 "
        "15:30); a receipt is confirmed once.",
        "code": "already_confirmed",
        "extra": {},
    }
    manifest.refresh_from_db()
    assert manifest.quantity_received_t == Decimal("9.800")


BAD_RECEIPTS = [
    (
        "negative-received",
        {"quantity_received_t": "-0.500"},
        "quantity_received_t",
        "The quantity received cannot be negative.",
    ),
    (
        "negative-refused",
        {"quantity_refused_t": "-1"},
        "quantity_refused_t",
        "The quantity refused cannot be negative.",
    ),
    (
        "before-shipping",
        {"received_at": "2026-09-30T09:59:00+08:00"},
        "received_at",
        "Received at 2026-09-30 09:59, before it was shipped at 2026-09-30 10:00.",
    ),
]


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [case[1:] for case in BAD_RECEIPTS],
    ids=[case[0] for case in BAD_RECEIPTS],
)
def test_it_refuses_a_bad_receipt_with_the_field_and_reason(
    api, receiver_user, manifest, change, field, message
):
    api.force_authenticate(receiver_user)
    response = api.post(url(manifest), receipt(**change), format="json")
    assert response.status_code == 400
    assert response.json()["extra"]["fields"] == {field: [message]}
    manifest.refresh_from_db()
    assert manifest.received_at is None and manifest.confirmed_by is None


def test_it_refuses_a_future_receipt_time(api, receiver_user, manifest):
    later = timezone.now() + timedelta(hours=3)
    api.force_authenticate(receiver_user)
    body = api.post(url(manifest), receipt(received_at=later.isoformat()), format="json").json()
    shown = later.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M")
    assert body["extra"]["fields"] == {
        "received_at": [f"The receipt time {shown} is in the future."]
    }


def test_a_regulator_cannot_confirm(api, regulator, manifest):
    api.force_authenticate(regulator)
    response = api.post(url(manifest), receipt(), format="json")
    assert response.status_code == 403
    assert response.json()["message"] == (
        "Only the receiver, its park's operator or staff confirm receipt of this manifest."
    )


def test_the_generators_side_cannot_confirm(api, operator_a, enterprise_user, manifest):
    for user in (operator_a, enterprise_user):
        api.force_authenticate(user)
        assert api.post(url(manifest), receipt(), format="json").status_code == 403
    manifest.refresh_from_db()
    assert manifest.received_at is None


def confirmed(manifest, received: str, refused: str = "0"):
    return manifest_receipt_confirm(
        actor=UserFactory(username="root", is_superuser=True),
        manifest=manifest,
        quantity_received_t=Decimal(received),
        quantity_refused_t=Decimal(refused),
        received_at=datetime(2026, 10, 9, 15, 30, tzinfo=BEIJING),
    )


@pytest.mark.parametrize(
    ("received", "refused", "gap", "ratio", "discrepant"),
    [
        ("8.500", "0.500", "1.000", "0.1000", False),  # exactly 10 %: not above the tolerance
        ("8.400", "0.500", "1.100", "0.1100", True),
        ("11.500", "0", "-1.500", "-0.1500", True),  # more arrived than was shipped
        ("0", "10.000", "0.000", "0.0000", False),  # all refused, all accounted for
    ],
)
def test_it_measures_the_discrepancy(manifest, received, refused, gap, ratio, discrepant):
    figures = manifest_figures(manifest=confirmed(manifest, received, refused))
    assert (str(figures.discrepancy_t), str(figures.discrepancy_ratio)) == (gap, ratio)
    assert figures.is_discrepant is discrepant


def test_the_tolerance_is_a_setting(manifest, settings):
    settings.MANIFEST_DISCREPANCY_RATIO = 0.2
    assert not manifest_figures(manifest=confirmed(manifest, "8.400", "0.500")).is_discrepant
