"""Nothing a page tells one person travels in a cookie (messages stay in the session), and a
portal session ends after SESSION_COOKIE_AGE."""

from tests.factories import MonitoringPointFactory


def test_it_keeps_messages_out_of_cookies(client, operator_a, enterprise_a):
    point = MonitoringPointFactory(enterprise=enterprise_a)
    client.force_login(operator_a)
    client.post(f"/devices/{point.pk}/rotate-key/")
    response = client.post(f"/devices/{point.pk}/revoke-key/")
    assert response.status_code == 302
    assert "messages" not in response.cookies
    assert point.code in client.get("/devices/").content.decode()  # the message still shows


def test_a_session_lasts_the_configured_hours(client, operator_a, settings):
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    client.force_login(operator_a)
    assert 0 < client.session.get_expiry_age() <= 8 * 3600
