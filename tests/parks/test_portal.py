import re

import pytest

pytestmark = pytest.mark.smoke


def test_pages_need_a_login(client, park_a):
    for url in ("/", "/map/", "/parks/", "/parks/PA/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/login/")


def test_the_login_page_logs_in(client, operator_a):
    page = client.get("/login/")
    assert page.status_code == 200
    response = client.post("/login/", {"username": "alice", "password": "pw"})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200


def test_the_city_map_points_at_the_geojson_layers(client, regulator):
    client.force_login(regulator)
    page = client.get("/map/").content.decode()
    assert 'data-parks-url="/api/v1/parks/geojson/"' in page
    assert "vendor/leaflet/leaflet.js" in page
    external = re.findall(r'(?:src|href)="((?:https?:)?//[^"]*)"', page)
    assert external == []  # every asset is served from the platform itself


def test_the_park_page_lists_its_enterprises_and_data_issues(client, regulator, park_a):
    from tests.factories import EnterpriseFactory

    EnterpriseFactory(park=park_a, name="在园企业")
    EnterpriseFactory(
        park=park_a,
        name="园外企业",
        location="SRID=4326;POINT(111.5 41.5)",
        outside_park_boundary=True,
    )
    client.force_login(regulator)
    page = client.get("/parks/PA/").content.decode()
    assert "在园企业" in page and "园外企业" in page
    assert "Location outside the park boundary" in page


def test_the_interface_speaks_chinese(client, regulator, park_a):
    client.force_login(regulator)
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/parks/"})
    page = client.get("/parks/").content.decode()
    assert "工业园区" in page
    assert "退出" in page
    client.post("/i18n/setlang/", {"language": "en", "next": "/parks/"})
    assert "Industrial parks" in client.get("/parks/").content.decode()
