"""Unknown API URLs answer 404 in the API's error shape, whatever the method, before any CSRF
or authentication check (an HTML 403 tells a client nothing)."""

import pytest
from django.test import Client


@pytest.mark.parametrize("method", ["get", "post", "put", "patch", "delete", "options"])
@pytest.mark.parametrize("path", ["/api/v1/nothing-here/", "/api/v2/parks/", "/api/"])
def test_it_answers_404_in_the_json_shape(db, method, path):
    client = Client(enforce_csrf_checks=True)
    response = client.generic(method.upper(), path, "{}", content_type="application/json")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"message", "code", "extra"}
    assert body["code"] == "not_found"


def test_it_answers_404_to_a_logged_in_session_without_csrf_token(db, staff_admin):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff_admin)
    response = client.patch("/api/v1/no-such-thing/1/", "{}", content_type="application/json")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
