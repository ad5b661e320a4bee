"""The device list: filtered by park, enterprise (by name), kind and silent month, sorted and
paged, with the same filters in the portal and the API."""

import uuid
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from monitoring.models import MonitoringPoint, WasteCategory, WeighTicket
from tests.factories import MonitoringPointFactory

pytestmark = pytest.mark.django_db
BAOTOU = ZoneInfo("Asia/Shanghai")


def _weigh(point, when: datetime) -> None:
    WeighTicket.objects.create(
        point=point,
        ticket_number=f"T{WeighTicket.objects.count()}",
        weighed_at=when,
        category=WasteCategory.objects.get(code="SW01"),
        direction=WeighTicket.Direction.OUT,
        gross_t=Decimal("30"),
        tare_t=Decimal("10"),
        net_t=Decimal("20"),
        ingest_id=uuid.uuid4(),
    )


@pytest.fixture
def points(catalogue, enterprise_a, enterprise_b):
    a1 = MonitoringPointFactory(enterprise=enterprise_a, code="a1")
    a2 = MonitoringPointFactory(enterprise=enterprise_a, code="a2")
    yard = MonitoringPointFactory(
        enterprise=enterprise_a, code="yard", kind=MonitoringPoint.Kind.STORAGE_YARD
    )
    b1 = MonitoringPointFactory(enterprise=enterprise_b, code="b1")
    _weigh(a1, datetime(2026, 10, 31, 23, 30, tzinfo=BAOTOU))  # October in Baotou
    _weigh(a2, datetime(2026, 11, 1, 0, 30, tzinfo=BAOTOU))  # November, 31 Oct in UTC
    return {"a1": a1, "a2": a2, "yard": yard, "b1": b1}


def _codes(response) -> list[str]:
    assert response.status_code == 200
    return [point.code for point in response.context["page"]]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["a1", "a2", "yard", "b1"]),
        ({"park": "PB"}, ["b1"]),
        ({"enterprise": "甲企业"}, ["a1", "a2", "yard"]),
        ({"kind": "storage_yard"}, ["yard"]),
        ({"silent": "2026-10"}, ["a2", "b1"]),
        ({"silent": "2026-11", "park": "PA"}, ["a1"]),
        ({"silent": "October"}, []),
        ({"sort": "-code"}, ["yard", "b1", "a2", "a1"]),
        ({"sort": "-last_ticket", "park": "PA"}, ["yard", "a2", "a1"]),
    ],
)
def test_the_portal_list_filters_and_sorts(client, regulator, points, params, expected):
    client.force_login(regulator)
    codes = _codes(client.get("/devices/", params))
    assert sorted(codes) == sorted(expected)
    if "sort" in params:
        assert codes == expected


def test_the_enterprise_is_found_by_the_start_of_its_credit_code(
    client, regulator, points, enterprise_b
):
    client.force_login(regulator)
    typed = enterprise_b.credit_code.lower()  # as typed, in any case
    assert _codes(client.get("/devices/", {"enterprise": typed})) == ["b1"]


def test_an_operator_chooses_among_its_own_parks_only(client, operator_a, points):
    client.force_login(operator_a)
    response = client.get("/devices/", {"park": "PB"})
    assert _codes(response) == ["a1", "a2", "yard"]  # PB is no choice: the filter is ignored
    assert "park" in response.context["filters"].errors
    page = response.content.decode()
    assert 'value="PA"' in page and 'value="PB"' not in page


def test_pages_keep_the_filters(client, regulator, enterprise_a, catalogue):
    MonitoringPointFactory.create_batch(55, enterprise=enterprise_a)
    client.force_login(regulator)
    first = client.get("/devices/", {"kind": "weighbridge", "sort": "code"})
    assert len(first.context["page"]) == 50
    assert 'href="?kind=weighbridge&amp;sort=code&amp;page=2"' in first.content.decode()
    second = client.get("/devices/", {"kind": "weighbridge", "sort": "code", "page": "2"})
    assert len(second.context["page"]) == 5
    assert not {p.pk for p in first.context["page"]} & {p.pk for p in second.context["page"]}


def test_the_api_filters_as_the_portal_does(api, regulator, points):
    api.force_authenticate(regulator)
    body = api.get("/api/v1/monitoring-points/", {"silent": "2026-10", "park": "PA"}).json()
    assert [row["code"] for row in body["results"]] == ["a2"]
    assert body["results"][0]["last_ticket"] is not None
    by_name = api.get("/api/v1/monitoring-points/", {"enterprise": "乙企业", "sort": "code"})
    assert [row["code"] for row in by_name.json()["results"]] == ["b1"]
