import pytest

from tests.factories import square

PARKS = "/api/v1/parks/"


def boundary_geojson(lon=109.5, lat=40.9):
    return {
        "type": "Polygon",
        "coordinates": [
            [[lon, lat], [lon + 0.05, lat], [lon + 0.05, lat + 0.05], [lon, lat + 0.05], [lon, lat]]
        ],
    }


@pytest.mark.smoke
def test_it_lists_parks_without_geometry(api, regulator, park_a, park_b):
    api.force_authenticate(regulator)
    body = api.get(PARKS).json()
    assert [p["code"] for p in body["results"]] == ["PA", "PB"]
    assert "boundary" not in body["results"][0]


def test_it_shows_a_park_with_its_boundary(api, regulator, park_a, enterprise_a):
    api.force_authenticate(regulator)
    body = api.get(f"{PARKS}PA/").json()
    assert body["boundary"]["type"] == "MultiPolygon"
    assert body["enterprise_count"] == 1


@pytest.mark.smoke
def test_it_serves_every_park_as_geojson(api, regulator, park_a, park_b):
    api.force_authenticate(regulator)
    body = api.get(f"{PARKS}geojson/").json()
    assert body["type"] == "FeatureCollection"
    assert {f["id"] for f in body["features"]} == {"PA", "PB"}
    assert all(f["geometry"]["type"] == "MultiPolygon" for f in body["features"])


def test_staff_admin_creates_a_park_from_a_polygon(api, staff_admin):
    api.force_authenticate(staff_admin)
    response = api.post(
        PARKS,
        {"code": "NEW", "name": "新园区", "level": "municipal", "boundary": boundary_geojson()},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["boundary"]["type"] == "MultiPolygon"


def test_it_rejects_a_self_intersecting_boundary(api, staff_admin):
    api.force_authenticate(staff_admin)
    bowtie = {
        "type": "Polygon",
        "coordinates": [
            [[109.0, 40.0], [109.1, 40.1], [109.1, 40.0], [109.0, 40.1], [109.0, 40.0]]
        ],
    }
    response = api.post(
        PARKS,
        {"code": "BAD", "name": "坏", "level": "municipal", "boundary": bowtie},
        format="json",
    )
    assert response.status_code == 400
    assert "not a valid polygon" in response.json()["extra"]["fields"]["boundary"][0]


def test_an_operator_cannot_create_a_park(api, operator_a):
    api.force_authenticate(operator_a)
    response = api.post(
        PARKS,
        {"code": "NEW", "name": "新", "level": "municipal", "boundary": boundary_geojson()},
        format="json",
    )
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_an_operator_updates_their_park_and_its_enterprises_are_rechecked(
    api, operator_a, park_a, enterprise_a
):
    api.force_authenticate(operator_a)
    elsewhere = square(110.9, 41.9).json
    response = api.patch(f"{PARKS}PA/", {"boundary": elsewhere}, format="json")
    assert response.status_code == 200, response.json()
    enterprise_a.refresh_from_db()
    assert enterprise_a.outside_park_boundary is True


def test_the_regulator_reads_but_cannot_change(api, regulator, park_a):
    api.force_authenticate(regulator)
    assert api.get(f"{PARKS}PA/").status_code == 200
    response = api.patch(f"{PARKS}PA/", {"name": "改"}, format="json")
    assert response.status_code == 403


def test_it_filters_parks_by_bbox(api, regulator, park_a, park_b):
    api.force_authenticate(regulator)
    lon, lat = park_b.boundary.centroid.coords
    body = api.get(PARKS, {"bbox": f"{lon - 0.001},{lat - 0.001},{lon + 0.001},{lat + 0.001}"})
    assert [p["code"] for p in body.json()["results"]] == ["PB"]
