"""The manifest list: filtered by park, enterprise (by name or code), waste, month shipped and
status (overdue included), sorted and paged, with one FilterSet for the portal and the API."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from tests.factories import EnterpriseFactory, ManifestFactory, _hazardous_category

pytestmark = pytest.mark.django_db
BAOTOU = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def manifests(enterprise_a, enterprise_b, fixed_clock):
    outside = EnterpriseFactory(park=None, name="丙处置中心", location=enterprise_a.location)
    return {
        # A to B, shipped 30 September, unconfirmed: overdue since 13 October.
        "ab": ManifestFactory(generator=enterprise_a, receiver=enterprise_b),
        # B to the disposer outside any park, November, HW08, confirmed.
        "bo": ManifestFactory(
            generator=enterprise_b,
            receiver=outside,
            category=_hazardous_category("HW08"),
            waste_code="251-001-08",
            shipped_at=datetime(2026, 11, 2, 9, 0, tzinfo=BAOTOU),
            received_at=datetime(2026, 11, 3, 9, 0, tzinfo=BAOTOU),
            quantity_received_t=Decimal("10.000"),
            quantity_shipped_t=Decimal("12.000"),
        ),
        # The disposer back to A on 1 December just after midnight in Baotou (30 Nov in UTC).
        "oa": ManifestFactory(
            generator=outside,
            receiver=enterprise_a,
            shipped_at=datetime(2026, 12, 1, 0, 30, tzinfo=BAOTOU),
        ),
    }


def _numbers(response, manifests) -> list[str]:
    assert response.status_code == 200
    names = {m.number: key for key, m in manifests.items()}
    return [names[m.number] for m, _figures in response.context["rows"]]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["oa", "bo", "ab"]),
        ({"park": "PA"}, ["oa", "ab"]),
        ({"park": "PB"}, ["bo", "ab"]),
        ({"enterprise": "丙处置"}, ["oa", "bo"]),
        ({"category": "HW08"}, ["bo"]),
        ({"period": "2026-11"}, ["bo"]),
        ({"period": "2026-12"}, ["oa"]),
        ({"period": "2026-13"}, []),
        ({"status": "overdue"}, ["ab"]),
        ({"status": "overdue", "park": "PB"}, ["ab"]),
        ({"status": "confirmed"}, ["bo"]),
        ({"sort": "shipped_at"}, ["ab", "bo", "oa"]),
        ({"sort": "-quantity"}, ["bo", "oa", "ab"]),
    ],
)
def test_the_portal_list_filters_and_sorts(client, regulator, manifests, params, expected):
    client.force_login(regulator)
    assert _numbers(client.get("/manifests/", params), manifests) == expected


def test_the_enterprise_is_found_by_its_credit_code(client, regulator, manifests, enterprise_b):
    client.force_login(regulator)
    response = client.get("/manifests/", {"enterprise": enterprise_b.credit_code})
    assert _numbers(response, manifests) == ["bo", "ab"]


def test_the_api_filters_as_the_portal_does(api, operator_a, manifests):
    api.force_authenticate(operator_a)
    body = api.get("/api/v1/manifests/", {"status": "overdue", "park": "PA"}).json()
    assert [row["number"] for row in body["results"]] == [manifests["ab"].number]
    month = api.get("/api/v1/manifests/", {"period": "2026-12", "enterprise": "丙处置"}).json()
    assert [row["number"] for row in month["results"]] == [manifests["oa"].number]
    other_park = api.get("/api/v1/manifests/", {"park": "PB"})
    assert other_park.status_code == 400  # not a park an operator of A may choose
