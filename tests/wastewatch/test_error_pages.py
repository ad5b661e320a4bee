"""Portal errors (403, 404, 500) are pages in the portal's style and the reader's language;
the API keeps its JSON error shape."""

from django.test import RequestFactory

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
