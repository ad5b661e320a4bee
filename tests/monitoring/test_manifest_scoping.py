"""Who reads which manifests ("B's operator has no access to A's stuff"), and the filters."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from monitoring.manifests import manifest_list, manifest_receipt_confirm
from tests.factories import EnterpriseFactory, ManifestFactory

URL = "/api/v1/manifests/"
BEIJING = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def within_a(enterprise_a, park_a):
    """Shipped between two enterprises of park A."""
    return ManifestFactory(
        number="20261502000001",
        generator=enterprise_a,
        receiver=EnterpriseFactory(park=park_a),
    )


@pytest.fixture
def a_to_b(enterprise_a, enterprise_b):
    return ManifestFactory(number="20261502000002", generator=enterprise_a, receiver=enterprise_b)


@pytest.fixture
def elsewhere(db):
    """Between two enterprises of a third park."""
    return ManifestFactory(number="20261502000003")


def numbers(api, user, query: str = "") -> list[str]:
    api.force_authenticate(user)
    response = api.get(URL + query)
    assert response.status_code == 200, response.json()
    return sorted(item["number"] for item in response.json()["results"])


@pytest.mark.smoke
def test_it_shows_each_user_the_manifests_of_their_enterprises(
    api, within_a, a_to_b, elsewhere, operator_a, operator_b, enterprise_user
):
    assert numbers(api, operator_a) == ["20261502000001", "20261502000002"]
    assert numbers(api, operator_b) == ["20261502000002"]  # B's enterprise receives it
    assert numbers(api, enterprise_user) == ["20261502000001", "20261502000002"]


def test_regulators_and_staff_read_the_whole_city(
    api, within_a, a_to_b, elsewhere, regulator, staff_admin
):
    everything = ["20261502000001", "20261502000002", "20261502000003"]
    assert numbers(api, regulator) == everything
    assert numbers(api, staff_admin) == everything
    assert [m.number for m in manifest_list(user=regulator).order_by("number")] == everything
    mine = manifest_list(user=regulator, filters={"generator": elsewhere.generator.credit_code})
    assert list(mine) == [elsewhere]


def test_another_parks_operator_can_neither_read_nor_confirm(api, within_a, operator_b):
    api.force_authenticate(operator_b)
    detail = api.get(f"{URL}{within_a.number}/")
    assert detail.status_code == 404
    assert detail.json()["code"] == "not_found"
    confirm = api.post(
        f"{URL}{within_a.number}/confirm-receipt/",
        {"quantity_received_t": "10", "received_at": "2026-10-09T10:00:00+08:00"},
        format="json",
    )
    assert confirm.status_code == 404
    within_a.refresh_from_db()
    assert within_a.received_at is None


def test_the_receivers_park_operator_can_confirm_a_manifest_from_another_park(
    api, a_to_b, operator_b
):
    api.force_authenticate(operator_b)
    response = api.post(
        f"{URL}{a_to_b.number}/confirm-receipt/",
        {"quantity_received_t": "10", "received_at": "2026-10-09T10:00:00+08:00"},
        format="json",
    )
    assert response.status_code == 200, response.json()


def test_a_regulator_reads_but_cannot_confirm(api, a_to_b, regulator):
    api.force_authenticate(regulator)
    assert api.get(f"{URL}{a_to_b.number}/").status_code == 200
    response = api.post(
        f"{URL}{a_to_b.number}/confirm-receipt/",
        {"quantity_received_t": "10", "received_at": "2026-10-09T10:00:00+08:00"},
        format="json",
    )
    assert response.status_code == 403


def test_it_needs_a_signed_in_person(api, a_to_b):
    assert api.get(URL).status_code == 401


def test_it_filters_by_generator_receiver_and_shipping_period(
    api, within_a, a_to_b, elsewhere, regulator, enterprise_b
):
    late_evening = ManifestFactory(
        number="20261502000004",
        generator=enterprise_b,
        shipped_at=datetime(2026, 10, 31, 23, 30, tzinfo=BEIJING),  # 15:30 UTC
    )
    assert numbers(api, regulator, f"?receiver={enterprise_b.credit_code}") == [a_to_b.number]
    assert numbers(api, regulator, f"?generator={enterprise_b.credit_code}") == [
        late_evening.number
    ]
    assert numbers(api, regulator, "?shipped_from=2026-10-01&shipped_to=2026-10-31") == [
        late_evening.number
    ]
    assert numbers(api, regulator, "?shipped_to=2026-09-30") == [
        within_a.number,
        a_to_b.number,
        elsewhere.number,
    ]
    assert numbers(api, regulator, "?shipped_from=2026-11-01") == []
    assert len(numbers(api, regulator, "?shipped_from=0001-01-01&shipped_to=9999-12-31")) == 4


def test_it_filters_by_status(api, within_a, a_to_b, elsewhere, regulator, staff_admin):
    for manifest, received in ((a_to_b, "9.950"), (elsewhere, "7.000")):
        manifest_receipt_confirm(
            actor=staff_admin,
            manifest=manifest,
            quantity_received_t=Decimal(received),
            received_at=datetime(2026, 10, 9, 10, 0, tzinfo=BEIJING),
        )
    recent = ManifestFactory(number="20261502000004", shipped_at=timezone.now())  # in transit
    assert numbers(api, regulator, "?status=unconfirmed") == [within_a.number, recent.number]
    assert numbers(api, regulator, "?status=overdue") == [within_a.number]
    assert numbers(api, regulator, "?status=confirmed") == [a_to_b.number, elsewhere.number]
    assert numbers(api, regulator, "?status=discrepant") == [elsewhere.number]
    bad = api.get(URL + "?status=lost")
    assert bad.status_code == 400
    assert "status" in bad.json()["extra"]["fields"]
