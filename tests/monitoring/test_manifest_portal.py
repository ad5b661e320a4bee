"""Portal pages of manifests: the list with its marks and filters, the receipt form for the
receiver's side only, and the generator's create form."""

import re
from datetime import datetime
from decimal import Decimal
from html import unescape
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import timezone

from monitoring.manifests import manifest_receipt_confirm
from monitoring.models import Manifest
from tests.factories import EnterpriseFactory, ManifestFactory

BEIJING = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def a_to_b(enterprise_a, enterprise_b):
    """10 t from park A to park B, shipped 2026-09-30, due 2026-10-13."""
    return ManifestFactory(number="20261502000001", generator=enterprise_a, receiver=enterprise_b)


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return unescape(response.content.decode())


def row(html: str, number: str) -> str:
    [found] = [tr for tr in html.split("<tr>") if number in tr]
    return found


def test_it_needs_a_login(client, a_to_b):
    for url in ("/manifests/", "/manifests/new/", f"/manifests/{a_to_b.number}/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/login/")


@pytest.mark.smoke
def test_it_lists_manifests_with_their_marks(client, regulator, a_to_b, staff_admin):
    late = ManifestFactory(number="20261502000002")
    manifest_receipt_confirm(
        actor=staff_admin,
        manifest=late,
        quantity_received_t=Decimal("7.000"),
        received_at=datetime(2026, 10, 20, 9, 0, tzinfo=BEIJING),
    )
    waiting = ManifestFactory(
        number="20311502000003", shipped_at=datetime(2031, 3, 3, 10, 0, tzinfo=BEIJING)
    )
    client.force_login(regulator)
    html = page(client, "/manifests/")
    assert 'href="/manifests/"' in html  # the nav link
    assert "mark-overdue" in row(html, a_to_b.number)
    assert "mark-late" not in row(html, a_to_b.number)
    assert "mark-late" in row(html, late.number) and "mark-discrepant" in row(html, late.number)
    assert "mark-overdue" not in row(html, late.number)
    assert "no data for 2031 yet" in row(html, waiting.number)
    assert "New manifest" not in html  # regulators do not create


def test_it_filters_the_list(client, regulator, a_to_b, enterprise_b):
    other = ManifestFactory(number="20261502000002", shipped_at=timezone.now())  # in transit
    client.force_login(regulator)
    html = page(client, "/manifests/?status=overdue")
    assert a_to_b.number in html and other.number not in html
    html = page(client, f"/manifests/?receiver={enterprise_b.credit_code}&shipped_to=2026-09-30")
    assert a_to_b.number in html and other.number not in html


def test_the_receivers_side_confirms_receipt_on_the_page(operator_b, a_to_b):
    client = Client(enforce_csrf_checks=True)
    client.force_login(operator_b)
    html = page(client, f"/manifests/{a_to_b.number}/")
    assert "Confirm receipt" in html
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    url = f"/manifests/{a_to_b.number}/confirm-receipt/"
    data = {
        "quantity_received_t": "9.900",
        "quantity_refused_t": "0",
        "received_at": "2026-10-09T15:30",
        "note": "",
    }
    assert client.post(url, data).status_code == 403  # no CSRF token, no write
    response = client.post(url, {**data, "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert response["Location"] == f"/manifests/{a_to_b.number}/"
    html = page(client, response["Location"])
    assert f"Receipt of manifest {a_to_b.number} confirmed." in html
    assert "Confirm receipt" not in html
    a_to_b.refresh_from_db()
    assert a_to_b.quantity_received_t == Decimal("9.900")
    assert a_to_b.received_at == datetime(2026, 10, 9, 15, 30, tzinfo=BEIJING)
    assert a_to_b.confirmed_by == operator_b


def test_the_receipt_form_is_only_for_the_receivers_side(
    client, regulator, operator_a, enterprise_user, a_to_b
):
    for user in (regulator, operator_a, enterprise_user):
        client.force_login(user)
        html = page(client, f"/manifests/{a_to_b.number}/")
        assert "Confirm receipt" not in html
        assert "Awaiting the receiver's confirmation." in html
    response = client.post(
        f"/manifests/{a_to_b.number}/confirm-receipt/",
        {"quantity_received_t": "10", "received_at": "2026-10-09T15:30"},
    )
    assert response.status_code == 403
    a_to_b.refresh_from_db()
    assert a_to_b.received_at is None


def test_a_bad_receipt_is_explained_on_the_form(client, operator_b, a_to_b):
    client.force_login(operator_b)
    response = client.post(
        f"/manifests/{a_to_b.number}/confirm-receipt/",
        {"quantity_received_t": "-1", "received_at": "2026-09-29T08:00"},
    )
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert "The quantity received cannot be negative." in html
    assert "Received at 2026-09-29 08:00, before it was shipped at 2026-09-30 10:00." in html
    a_to_b.refresh_from_db()
    assert a_to_b.received_at is None


def test_confirming_twice_on_the_portal_says_so(client, operator_b, staff_admin, a_to_b):
    manifest_receipt_confirm(
        actor=staff_admin,
        manifest=a_to_b,
        quantity_received_t=Decimal("10"),
        received_at=datetime(2026, 10, 9, 10, 0, tzinfo=BEIJING),
    )
    client.force_login(operator_b)
    response = client.post(
        f"/manifests/{a_to_b.number}/confirm-receipt/",
        {"quantity_received_t": "5", "received_at": "2026-10-09T15:30"},
        follow=True,
    )
    html = unescape(response.content.decode())
    assert f"Manifest {a_to_b.number} was already confirmed (received 2026-10-09 10:00)" in html
    a_to_b.refresh_from_db()
    assert a_to_b.quantity_received_t == Decimal("10")


def test_another_parks_operator_cannot_see_or_confirm(client, operator_b, park_a, enterprise_a):
    within_a = ManifestFactory(generator=enterprise_a, receiver=EnterpriseFactory(park=park_a))
    client.force_login(operator_b)
    assert within_a.number not in page(client, "/manifests/")
    assert client.get(f"/manifests/{within_a.number}/").status_code == 404
    response = client.post(
        f"/manifests/{within_a.number}/confirm-receipt/",
        {"quantity_received_t": "10", "received_at": "2026-10-09T15:30"},
    )
    assert response.status_code == 404


def form_data(enterprise_a, enterprise_b, **changes):
    data = {
        "number": "20261502000009",
        "generator": enterprise_a.pk,
        "transporter_name": "包头市危险货物运输有限公司",
        "transporter_credit_code": "",
        "vehicle": "蒙B12345",
        "receiver": enterprise_b.credit_code,
        "category": "HW48",
        "waste_code": "321-024-48",
        "quantity_shipped_t": "4.200",
        "shipped_at": "2026-09-30T10:00",
    }
    data.update(changes)
    return data


def test_a_generator_creates_a_manifest(
    client, enterprise_user, enterprise_a, enterprise_b, catalogue
):
    client.force_login(enterprise_user)
    html = page(client, "/manifests/new/")
    assert enterprise_a.name in html and enterprise_b.name not in html  # its own enterprise only
    response = client.post("/manifests/new/", form_data(enterprise_a, enterprise_b))
    assert response.status_code == 302
    assert response["Location"] == "/manifests/20261502000009/"
    manifest = Manifest.objects.get()
    assert (manifest.generator, manifest.receiver) == (enterprise_a, enterprise_b)
    assert manifest.confirmation_due is None  # counted from the day of receipt
    assert "Manifest 20261502000009 created." in page(client, response["Location"])


def test_the_create_form_explains_a_broken_rule(
    client, enterprise_user, enterprise_a, enterprise_b, catalogue
):
    client.force_login(enterprise_user)
    response = client.post(
        "/manifests/new/",
        form_data(enterprise_a, enterprise_b, number="20251502000009", waste_code="900-041-49"),
    )
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert (
        "The number starts with the year 2025, but the waste was shipped in 2026 (Beijing time)."
        in html
    )
    assert "Waste code 900-041-49 belongs to HW49, not to HW48." in html
    assert not Manifest.objects.exists()


def test_a_regulator_cannot_open_the_create_form(client, regulator):
    client.force_login(regulator)
    assert client.get("/manifests/new/").status_code == 403


def test_the_list_pages_keep_the_filters(client, regulator):
    ManifestFactory.create_batch(55)
    client.force_login(regulator)
    html = page(client, "/manifests/?status=unconfirmed")
    assert "Page 1 of 2" in html
    assert "?status=unconfirmed&page=2" in html
    assert page(client, "/manifests/?status=unconfirmed&page=2").count("<tr>") == 1 + 5
