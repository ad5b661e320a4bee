"""Every error of the API has the one shape {message, code, extra}."""

import pytest

pytestmark = pytest.mark.smoke


def assert_error_shape(body):
    assert set(body) == {"message", "code", "extra"}
    assert isinstance(body["message"], str) and body["message"]


def test_unknown_paths(api, regulator):
    api.force_authenticate(regulator)
    response = api.get("/api/v1/nothing-here/")
    assert response.status_code == 404
    assert_error_shape(response.json())


def test_not_found_objects(api, regulator):
    api.force_authenticate(regulator)
    response = api.get("/api/v1/parks/NOPE/")
    assert response.status_code == 404
    assert_error_shape(response.json())
    assert response.json()["code"] == "not_found"


def test_malformed_json(api, staff_admin):
    api.force_authenticate(staff_admin)
    response = api.post("/api/v1/parks/", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert_error_shape(response.json())
    assert response.json()["code"] == "parse_error"


def test_method_not_allowed(api, regulator, park_a):
    api.force_authenticate(regulator)
    response = api.delete("/api/v1/parks/PA/")
    assert response.status_code == 405
    assert_error_shape(response.json())


def test_validation_errors_name_the_field(api, staff_admin):
    api.force_authenticate(staff_admin)
    response = api.post("/api/v1/parks/", {"code": "X"}, format="json")
    assert response.status_code == 400
    fields = response.json()["extra"]["fields"]
    assert set(fields) >= {"name", "level", "boundary"}


def test_token_authentication(api, regulator, park_a):
    from knox.models import AuthToken

    _instance, token = AuthToken.objects.create(user=regulator)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/v1/parks/").status_code == 200
    api.credentials(HTTP_AUTHORIZATION="Token wrong")
    response = api.get("/api/v1/parks/")
    assert response.status_code == 401
    assert_error_shape(response.json())
