"""Request limits under /api/: each refusal is in the JSON error shape and names its limit
(API_MAX_BODY_BYTES, API_JSON_MAX_DEPTH); a wrong content type says which one is expected."""

import json

import pytest
from django.test import Client

URL = "/api/v1/parks/"


def _shape(response) -> dict:
    assert response["Content-Type"].startswith("application/json"), response.content[:200]
    body = response.json()
    assert set(body) == {"message", "code", "extra"}
    return body


def _nested(depth: int) -> str:
    return '{"name": ' + "[" * depth + "]" * depth + "}"


@pytest.mark.parametrize("depth", [33, 5000, 200_000])
def test_it_refuses_json_nested_too_deep(api, staff_admin, settings, depth):
    settings.API_JSON_MAX_DEPTH = 32
    api.force_authenticate(staff_admin)
    response = api.post(URL, _nested(depth), content_type="application/json")
    assert response.status_code == 400
    body = _shape(response)
    assert body["code"] == "too_deep"
    assert body["extra"] == {"limit": 32, "setting": "API_JSON_MAX_DEPTH"}
    assert "32" in body["message"]


def test_it_lets_json_within_the_depth_limit_reach_validation(api, staff_admin, settings):
    settings.API_JSON_MAX_DEPTH = 32
    api.force_authenticate(staff_admin)
    response = api.post(URL, _nested(30), content_type="application/json")
    assert response.status_code == 400
    assert _shape(response)["code"] == "invalid"  # the serializer's answer, not the limit's


def test_it_refuses_an_oversized_body_with_413(api, staff_admin, settings):
    settings.API_MAX_BODY_BYTES = 1000
    api.force_authenticate(staff_admin)
    body = json.dumps({"name": "x" * 2000})
    response = api.post(URL, body, content_type="application/json")
    assert response.status_code == 413
    body = _shape(response)
    assert body["code"] == "too_large"
    assert body["extra"] == {"limit": 1000, "setting": "API_MAX_BODY_BYTES"}


def test_it_answers_413_in_json_when_django_refuses_the_body(api, staff_admin, settings):
    settings.API_MAX_BODY_BYTES = 10_000_000
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    api.force_authenticate(staff_admin)
    response = api.post(URL, json.dumps({"name": "x" * 2000}), content_type="application/json")
    assert response.status_code == 413
    body = _shape(response)
    assert body["code"] == "too_large"
    assert body["extra"]["setting"] == "DATA_UPLOAD_MAX_MEMORY_SIZE"


def test_it_answers_too_many_form_fields_in_json(api, staff_admin, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    api.force_authenticate(staff_admin)
    form = "&".join(f"f{i}=1" for i in range(50))
    response = api.post(URL, form, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert _shape(response)["code"] == "bad_request"


def test_it_lists_every_accepted_content_type(api, staff_admin):
    api.force_authenticate(staff_admin)
    response = api.post(URL, "<park/>", content_type="application/xml")
    assert response.status_code == 415
    assert "application/json" in _shape(response)["extra"]["expected"]


def test_it_answers_a_disallowed_host_under_api_in_json(db):
    response = Client(HTTP_HOST="evil.example").get("/api/v1/parks/")
    assert response.status_code == 400
    assert _shape(response)["code"] == "bad_request"


def test_it_answers_in_chinese(api, staff_admin, settings):
    settings.API_JSON_MAX_DEPTH = 32
    api.force_authenticate(staff_admin)
    response = api.post(
        URL, _nested(40), content_type="application/json", HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert response.json()["message"] == "JSON 嵌套层数超过 32 层的上限（API_JSON_MAX_DEPTH）。"
