"""A crash under /api/ answers 500 in the API's error shape (never Django's HTML page, never
the exception's text); elsewhere the portal's page."""

import pytest
from django.test import Client

pytestmark = pytest.mark.urls("tests.wastewatch.crash_urls")


@pytest.mark.parametrize("path", ["/api/v1/crash/", "/api/v1/plain-crash/"])
def test_it_answers_500_in_the_json_shape(db, path):
    client = Client(raise_request_exception=False)
    response = client.get(path)
    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body == {"message": body["message"], "code": "server_error", "extra": {}}
    assert "a bug" not in response.content.decode()


def test_it_keeps_the_html_page_outside_the_api(db):
    response = Client(raise_request_exception=False).get("/crash/")
    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/html")
