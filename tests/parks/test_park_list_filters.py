"""The park list and a park's enterprises: searched, filtered by industry and paged, with the
registry API's FilterSets."""

import pytest

from tests.factories import EnterpriseFactory, ParkFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(park_a, park_b):
    EnterpriseFactory(park=park_a, name="包头钢铁冶炼厂", industry_code="3120")
    EnterpriseFactory(park=park_a, name="稀土新材料公司", industry_code="3240")
    EnterpriseFactory(park=park_b, name="电力热力公司", industry_code="4411")
    return park_a, park_b


def _codes(response) -> list[str]:
    assert response.status_code == 200
    return [park.code for park in response.context["page"]]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["PA", "PB"]),
        ({"industry": "31"}, ["PA"]),
        ({"industry": "C3120"}, ["PA"]),
        ({"industry": "44"}, ["PB"]),
        ({"industry": "26"}, []),
        ({"q": "乙"}, ["PB"]),
        ({"q": "park a"}, ["PA"]),
    ],
)
def test_the_park_list_is_searched_and_filtered(client, regulator, registry, params, expected):
    client.force_login(regulator)
    assert _codes(client.get("/parks/", params)) == expected


def test_the_enterprise_counts_stay_whole_under_the_industry_filter(client, regulator, registry):
    client.force_login(regulator)
    (park,) = client.get("/parks/", {"industry": "3120"}).context["page"]
    assert park.enterprise_count == 2


def test_the_park_list_is_paged(client, regulator, db):
    ParkFactory.create_batch(51)
    client.force_login(regulator)
    first = client.get("/parks/", {"q": "Test park"})
    assert len(first.context["page"]) == 50
    assert 'href="?q=Test+park&amp;page=2"' in first.content.decode()
    assert len(client.get("/parks/", {"q": "Test park", "page": "2"}).context["page"]) == 1


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["包头钢铁冶炼厂", "稀土新材料公司"]),
        ({"industry": "324"}, ["稀土新材料公司"]),
        ({"q": "钢铁"}, ["包头钢铁冶炼厂"]),
    ],
)
def test_a_parks_enterprises_are_searched_and_filtered(
    client, regulator, registry, params, expected
):
    client.force_login(regulator)
    response = client.get("/parks/PA/", params)
    assert response.status_code == 200
    assert sorted(e.name for e in response.context["page"]) == sorted(expected)


def test_the_api_filters_parks_as_the_portal_does(api, regulator, registry):
    api.force_authenticate(regulator)
    body = api.get("/api/v1/parks/", {"industry": "44"}).json()
    assert [row["code"] for row in body["results"]] == ["PB"]
