import pytest

from tests.factories import EnterpriseFactory, credit_code

ENTERPRISES = "/api/v1/enterprises/"


def payload(park, **overrides):
    lon, lat = park.boundary.centroid.coords
    data = {
        "credit_code": credit_code(7),
        "name": "包头新企业有限公司",
        "industry_code": "C3415",
        "park": park.code,
        "location": {"type": "Point", "coordinates": [lon, lat]},
        "permit_number": "P-1",
        "is_key_unit": True,
    }
    data.update(overrides)
    return data


@pytest.mark.smoke
def test_it_creates_an_enterprise_in_the_operators_park(api, operator_a, park_a):
    api.force_authenticate(operator_a)
    response = api.post(ENTERPRISES, payload(park_a), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["park"] == "PA"
    assert body["industry_code"] == "3415"
    assert body["outside_park_boundary"] is False
    assert body["data_issues"] == []


def test_it_rejects_a_bad_check_digit_with_a_clear_message(api, operator_a, park_a):
    api.force_authenticate(operator_a)
    code = credit_code(7)
    wrong = code[:17] + ("0" if code[17] != "0" else "1")
    response = api.post(ENTERPRISES, payload(park_a, credit_code=wrong), format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    [message] = body["extra"]["fields"]["credit_code"]
    assert f"should end in {code[17]}" in message


def test_it_flags_an_enterprise_outside_its_park(api, operator_a, park_a):
    api.force_authenticate(operator_a)
    far = {"type": "Point", "coordinates": [111.5, 41.5]}
    response = api.post(ENTERPRISES, payload(park_a, location=far), format="json")
    assert response.status_code == 201
    assert response.json()["outside_park_boundary"] is True
    assert response.json()["data_issues"] == ["outside_park_boundary"]
    flagged = api.get(ENTERPRISES, {"outside_park_boundary": "true"}).json()
    assert [e["credit_code"] for e in flagged["results"]] == [response.json()["credit_code"]]


def test_it_clears_the_flag_when_the_location_is_corrected(api, operator_a, park_a):
    enterprise = EnterpriseFactory(park=park_a, location="SRID=4326;POINT(111.5 41.5)")
    api.force_authenticate(operator_a)
    lon, lat = park_a.boundary.centroid.coords
    url = f"{ENTERPRISES}{enterprise.credit_code}/"
    response = api.patch(
        url, {"location": {"type": "Point", "coordinates": [lon, lat]}}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["outside_park_boundary"] is False


def test_it_refuses_a_duplicate_credit_code(api, operator_a, enterprise_a, park_a):
    api.force_authenticate(operator_a)
    response = api.post(
        ENTERPRISES, payload(park_a, credit_code=enterprise_a.credit_code), format="json"
    )
    assert response.status_code == 400
    assert "credit_code" in response.json()["extra"]["fields"]


def test_it_refuses_a_geojson_crs(api, operator_a, park_a):
    api.force_authenticate(operator_a)
    location = {
        "type": "Point",
        "coordinates": [109.0, 40.5],
        "crs": {"type": "name", "properties": {"name": "/etc/passwd"}},
    }
    response = api.post(ENTERPRISES, payload(park_a, location=location), format="json")
    assert response.status_code == 400
    assert "crs" in response.json()["extra"]["fields"]["location"][0]


def test_it_refuses_a_location_that_is_not_a_point(api, operator_a, park_a):
    api.force_authenticate(operator_a)
    line = {"type": "LineString", "coordinates": [[109.0, 40.5], [109.1, 40.6]]}
    response = api.post(ENTERPRISES, payload(park_a, location=line), format="json")
    assert response.status_code == 400
    assert response.json()["extra"]["fields"]["location"] == ["A location must be a Point."]


def test_it_refuses_a_location_with_a_height(api, operator_a, park_a, enterprise_a):
    api.force_authenticate(operator_a)
    point = {"type": "Point", "coordinates": [109.0, 40.5, 1050.0]}
    created = api.post(ENTERPRISES, payload(park_a, location=point), format="json")
    updated = api.patch(
        f"{ENTERPRISES}{enterprise_a.credit_code}/", {"location": point}, format="json"
    )
    for response in (created, updated):
        assert response.status_code == 400
        assert response.json()["extra"]["fields"]["location"] == [
            "Coordinates must be longitude and latitude only, without a height."
        ]


def test_it_filters_by_park_industry_and_bbox(api, regulator, park_a, park_b):
    steel = EnterpriseFactory(park=park_a, industry_code="3120")
    blades = EnterpriseFactory(park=park_b, industry_code="3415")
    api.force_authenticate(regulator)

    def codes(**params):
        return {e["credit_code"] for e in api.get(ENTERPRISES, params).json()["results"]}

    assert codes(park="PA") == {steel.credit_code}
    assert codes(industry="34") == {blades.credit_code}
    assert codes(industry="C3120") == {steel.credit_code}
    lon, lat = park_b.boundary.centroid.coords
    assert codes(bbox=f"{lon - 0.01},{lat - 0.01},{lon + 0.01},{lat + 0.01}") == {
        blades.credit_code
    }


def test_it_explains_a_malformed_bbox(api, regulator):
    api.force_authenticate(regulator)
    response = api.get(ENTERPRISES, {"bbox": "1,2,3"})
    assert response.status_code == 400
    assert "four numbers" in response.json()["extra"]["fields"]["bbox"][0]


def test_it_serves_geojson_features(api, regulator, enterprise_a):
    api.force_authenticate(regulator)
    body = api.get(f"{ENTERPRISES}geojson/").json()
    assert body["type"] == "FeatureCollection"
    [feature] = body["features"]
    assert feature["id"] == enterprise_a.credit_code
    assert feature["geometry"]["type"] == "Point"
    assert feature["properties"]["park"] == "PA"


def test_it_paginates(api, regulator, park_a):
    EnterpriseFactory.create_batch(3, park=park_a)
    api.force_authenticate(regulator)
    body = api.get(ENTERPRISES, {"page_size": 2}).json()
    assert body["count"] == 3
    assert len(body["results"]) == 2
    assert body["next"]
