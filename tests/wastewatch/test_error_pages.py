"""Portal errors (403, 404, 500) are pages in the portal's style and the reader's language;
the API keeps its JSON error shape."""

import pytest
from django.test import Client, RequestFactory

from tests.factories import MonitoringPointFactory
from wastewatch.api.views import server_error


def test_it_answers_an_unknown_portal_page_with_the_portals_404(client, operator_a):
    client.force_login(operator_a)
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 404
    page = response.content.decode()
    assert "css/wastewatch.css" in page and 'class="main-nav"' in page
    assert "页面不存在" in page


def test_it_answers_a_refusal_with_the_portals_403(client, regulator, enterprise_a):
    point = MonitoringPointFactory(enterprise=enterprise_a)
    client.force_login(regulator)
    response = client.post(f"/devices/{point.pk}/rotate-key/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "css/wastewatch.css" in page and "You may not do this." in page


def test_it_answers_a_server_error_with_the_portals_500(db):
    response = server_error(RequestFactory().get("/parks/"))
    assert response.status_code == 500
    page = response.content.decode()
    assert "css/wastewatch.css" in page and "Something went wrong on our side." in page


def test_the_api_keeps_its_json_errors(api, regulator):
    api.force_authenticate(regulator)
    response = api.get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert set(response.json()) == {"message", "code", "extra"}


def test_an_anonymous_reader_gets_the_404_in_the_base_layout(client, db):
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 404
    page = response.content.decode()
    assert "css/wastewatch.css" in page and 'href="#main"' in page and "页面不存在" in page
    assert 'class="main-nav"' not in page  # the menu is for those logged in


@pytest.mark.urls("tests.wastewatch.crash_urls")
def test_the_500_page_needs_no_database_and_speaks_the_readers_language():
    """No `db` fixture: any query would fail the test, as it would with the database down."""
    response = Client(raise_request_exception=False).get("/crash/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 500
    page = response.content.decode()
    assert "css/wastewatch.css" in page and 'lang="zh-hans"' in page
    assert "服务器错误" in page and 'href="#main"' in page


@pytest.mark.urls("tests.wastewatch.crash_urls")
def test_a_logged_in_reader_gets_the_same_500_page(regulator):
    client = Client(raise_request_exception=False)
    client.force_login(regulator)
    response = client.get("/crash/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 500
    assert "Something went wrong on our side." in response.content.decode()
