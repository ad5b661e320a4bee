"""The admin shows a newly issued device key once, on its own page: never in a message,
whose cookie anyone holding the browser (or a proxy log) could read back."""

from django.contrib.messages import get_messages

from monitoring.models import MonitoringPoint


def test_it_shows_the_issued_key_on_a_page_and_not_in_a_message(client, staff_admin, point_a):
    client.force_login(staff_admin)
    response = client.post(
        "/admin/monitoring/monitoringpoint/",
        {"action": "issue_key", "_selected_action": [point_a.pk]},
    )
    assert response.status_code == 200
    point = MonitoringPoint.objects.get(pk=point_a.pk)
    page = response.content.decode()
    assert f'<code class="secret">ww_{point.key_prefix}_' in page
    assert "no-store" in response["Cache-Control"]
    assert not list(get_messages(response.wsgi_request))
    assert "messages" not in response.cookies
    # Shown once: the listing afterwards does not show it.
    assert point.key_prefix not in client.get("/admin/monitoring/monitoringpoint/").content.decode()
