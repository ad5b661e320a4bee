"""The search every page offers: an enterprise by any part of its (Chinese) name or the start
of its credit code, a park, a manifest by the start of its number; only within what the
reader may read."""

import pytest

from tests.factories import EnterpriseFactory, ManifestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def steel(park_a, park_b, catalogue):
    ours = EnterpriseFactory(park=park_a, name="包头钢铁（集团）有限责任公司")
    EnterpriseFactory(park=park_b, name="包头钢铁稀土分公司")
    EnterpriseFactory(park=park_a, name="包头铝业有限公司")
    return ours


def _names(response) -> list[str]:
    return [enterprise.name for enterprise in response.context["enterprises"]]


def test_part_of_a_chinese_name_finds_every_enterprise_holding_it(client, regulator, steel):
    client.force_login(regulator)
    response = client.get("/search/", {"q": " 钢铁 "})
    assert _names(response) == ["包头钢铁稀土分公司", "包头钢铁（集团）有限责任公司"]
    html = response.content.decode()
    assert f'href="/enterprises/{steel.credit_code}/"' in html


def test_the_start_of_a_credit_code_finds_its_enterprise(client, regulator, steel):
    client.force_login(regulator)
    response = client.get("/search/", {"q": steel.credit_code[:12].lower()})
    assert steel.name in _names(response)


def test_an_operator_finds_only_its_parks_enterprises(client, operator_a, steel):
    client.force_login(operator_a)
    assert _names(client.get("/search/", {"q": "钢铁"})) == [steel.name]


def test_parks_and_manifests_are_found_too(client, regulator, steel, park_a):
    manifest = ManifestFactory(generator=steel)
    client.force_login(regulator)
    response = client.get("/search/", {"q": manifest.number[:8]})
    assert [m.number for m in response.context["manifests"]] == [manifest.number]
    assert f'href="/manifests/{manifest.number}/"' in response.content.decode()
    parks = client.get("/search/", {"q": "Park A"}).context["parks"]
    assert [park.code for park in parks] == [park_a.code]


def test_an_empty_search_shows_the_form_only(client, regulator):
    client.force_login(regulator)
    response = client.get("/search/", {"q": "   "})
    assert response.status_code == 200 and "enterprises" not in response.context


def test_every_page_offers_the_search(client, regulator):
    client.force_login(regulator)
    assert 'action="/search/"' in client.get("/flags/").content.decode()


def test_a_search_costs_a_few_queries(client, regulator, steel, django_assert_max_num_queries):
    for n in range(30):
        EnterpriseFactory(park=steel.park, name=f"包头钢铁配套{n}号厂")
    client.force_login(regulator)
    with django_assert_max_num_queries(12):
        client.get("/search/", {"q": "钢铁"})
