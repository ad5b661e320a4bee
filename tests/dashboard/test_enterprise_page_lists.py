"""The enterprise page shows its latest manifests and flags and links to the full lists,
filtered on the enterprise: the link says how many, and the list shows exactly those."""

from datetime import date

import pytest
from django.utils.html import escape

from detection.models import Flag
from tests.factories import ManifestFactory

pytestmark = pytest.mark.django_db


def _count(response) -> int:
    assert response.status_code == 200
    return response.context["page"].paginator.count


def test_all_its_manifests_are_a_link_away(client, regulator, enterprise_a, enterprise_b):
    ManifestFactory.create_batch(21, generator=enterprise_a, receiver=enterprise_b)
    ManifestFactory.create_batch(3, generator=enterprise_b, receiver=enterprise_a)
    ManifestFactory(generator=enterprise_b, receiver=enterprise_b)  # not A's
    client.force_login(regulator)
    client.cookies["django_language"] = "en"
    response = client.get(f"/enterprises/{enterprise_a.credit_code}/")
    assert len(response.context["manifests"]) == 20
    assert response.context["manifest_count"] == 24
    link = f"/manifests/?enterprise={enterprise_a.credit_code}"
    assert f'href="{escape(link)}">All 24 manifests naming it</a>' in response.content.decode()
    assert _count(client.get(link)) == 24


def test_all_its_flags_open_or_reviewed_are_a_link_away(client, regulator, flag_a, enterprise_b):
    for n, status in enumerate([Flag.Status.DISMISSED, Flag.Status.CONFIRMED]):
        Flag.objects.create(
            enterprise=flag_a.enterprise,
            category=flag_a.category,
            period=date(2026, 8 + n, 1),
            kind="stock_carry",
            severity=1,
            reasons=[],
            fingerprint=f"reviewed-{n}",
            status=status,
        )
    Flag.objects.create(
        enterprise=enterprise_b,
        category=flag_a.category,
        period=date(2026, 10, 1),
        kind="stock_carry",
        severity=1,
        reasons=[],
        fingerprint="b",
    )
    client.force_login(regulator)
    client.cookies["django_language"] = "en"
    response = client.get(f"/enterprises/{flag_a.enterprise.credit_code}/")
    assert response.context["flag_count"] == 3
    link = f"/flags/?enterprise={flag_a.enterprise.credit_code}&status="
    assert f'href="{escape(link)}">All 3 flags, open or reviewed</a>' in response.content.decode()
    assert _count(client.get(link)) == 3


def test_no_link_without_any(client, regulator, enterprise_a):
    client.force_login(regulator)
    page = client.get(f"/enterprises/{enterprise_a.credit_code}/").content.decode()
    assert "/manifests/?enterprise=" not in page and "/flags/?enterprise=" not in page
