"""A device's batch that is not JSON, or nested beyond API_JSON_MAX_DEPTH, is refused whole
in the API's error shape with the reason (never a 5xx, which devices resend forever)."""

URL = "/api/v1/weigh-tickets/"


def test_it_says_which_content_type_is_expected(device_a):
    response = device_a.post(URL, "[]", content_type="text/plain")
    assert response.status_code == 415
    body = response.json()
    assert body["code"] == "unsupported_media_type"
    assert body["extra"] == {"expected": ["application/json"]}
    assert "application/json" in body["message"]


def test_it_refuses_form_data_with_415(device_a):
    response = device_a.post(
        URL, "ticket_number=1", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 415
    assert response.json()["extra"] == {"expected": ["application/json"]}


def test_it_refuses_json_nested_too_deep(device_a, settings):
    settings.API_JSON_MAX_DEPTH = 32
    body = "[" * 100_000 + "]" * 100_000
    response = device_a.post(URL, body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "too_deep"
    assert response.json()["extra"] == {"limit": 32, "setting": "API_JSON_MAX_DEPTH"}
