"""An operator of park A can neither read nor change anything of park B, on any surface."""

import pytest

pytestmark = pytest.mark.smoke


@pytest.fixture
def admin_operator_a(operator_a):
    """Park A's operator with the admin access the demo gives operators."""
    from django.contrib.auth.models import Permission

    operator_a.is_staff = True
    operator_a.save()
    operator_a.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="parks",
            codename__in=[
                "view_park",
                "change_park",
                "view_enterprise",
                "add_enterprise",
                "change_enterprise",
            ],
        )
    )
    return operator_a


class TestApi:
    def test_it_lists_only_the_operators_park(self, api, operator_a, park_a, park_b):
        api.force_authenticate(operator_a)
        assert [p["code"] for p in api.get("/api/v1/parks/").json()["results"]] == ["PA"]
        features = api.get("/api/v1/parks/geojson/").json()["features"]
        assert [f["id"] for f in features] == ["PA"]

    def test_it_hides_park_b_and_its_enterprises(self, api, operator_a, enterprise_a, enterprise_b):
        api.force_authenticate(operator_a)
        assert api.get("/api/v1/parks/PB/").status_code == 404
        assert api.get("/api/v1/parks/PB/history/").status_code == 404
        url = f"/api/v1/enterprises/{enterprise_b.credit_code}/"
        assert api.get(url).status_code == 404
        assert api.get(url + "history/").status_code == 404
        listed = api.get("/api/v1/enterprises/").json()["results"]
        assert [e["credit_code"] for e in listed] == [enterprise_a.credit_code]
        features = api.get("/api/v1/enterprises/geojson/").json()["features"]
        assert [f["id"] for f in features] == [enterprise_a.credit_code]

    def test_it_refuses_changes_to_park_b(self, api, operator_a, park_b, enterprise_b):
        api.force_authenticate(operator_a)
        assert api.patch("/api/v1/parks/PB/", {"name": "x"}, format="json").status_code == 404
        url = f"/api/v1/enterprises/{enterprise_b.credit_code}/"
        assert api.patch(url, {"name": "x"}, format="json").status_code == 404
        enterprise_b.refresh_from_db()
        assert enterprise_b.name == "乙企业有限公司"

    def test_it_refuses_registering_or_moving_an_enterprise_into_park_b(
        self, api, operator_a, park_b, enterprise_a
    ):
        from tests.factories import credit_code

        api.force_authenticate(operator_a)
        lon, lat = park_b.boundary.centroid.coords
        response = api.post(
            "/api/v1/enterprises/",
            {
                "credit_code": credit_code(99),
                "name": "越界",
                "industry_code": "3120",
                "park": "PB",
                "location": {"type": "Point", "coordinates": [lon, lat]},
            },
            format="json",
        )
        assert response.status_code == 403
        url = f"/api/v1/enterprises/{enterprise_a.credit_code}/"
        assert api.patch(url, {"park": "PB"}, format="json").status_code == 403
        enterprise_a.refresh_from_db()
        assert enterprise_a.park.code == "PA"

    def test_an_enterprise_user_sees_only_their_enterprise(
        self, api, enterprise_user, enterprise_a, park_a, park_b
    ):
        from tests.factories import EnterpriseFactory

        EnterpriseFactory(park=park_a)  # a neighbour in the same park
        api.force_authenticate(enterprise_user)
        listed = api.get("/api/v1/enterprises/").json()["results"]
        assert [e["credit_code"] for e in listed] == [enterprise_a.credit_code]
        assert [p["code"] for p in api.get("/api/v1/parks/").json()["results"]] == ["PA"]
        url = f"/api/v1/enterprises/{enterprise_a.credit_code}/"
        assert api.patch(url, {"name": "x"}, format="json").status_code == 403

    def test_anonymous_callers_get_nothing(self, api, park_a):
        response = api.get("/api/v1/parks/")
        assert response.status_code in (401, 403)
        assert response.json()["code"] == "not_authenticated"


class TestPortal:
    def test_the_park_list_shows_only_park_a(self, client, operator_a, park_a, park_b):
        client.force_login(operator_a)
        page = client.get("/parks/").content.decode()
        assert "甲园区" in page
        assert "乙园区" not in page

    def test_park_b_page_is_not_found(self, client, operator_a, park_b):
        client.force_login(operator_a)
        assert client.get("/parks/PB/").status_code == 404


class TestAdmin:
    def test_the_changelists_show_only_park_a(
        self, client, admin_operator_a, enterprise_a, enterprise_b
    ):
        client.force_login(admin_operator_a)
        parks = client.get("/admin/parks/park/").content.decode()
        assert "甲园区" in parks and "乙园区" not in parks
        enterprises = client.get("/admin/parks/enterprise/").content.decode()
        assert "甲企业有限公司" in enterprises and "乙企业有限公司" not in enterprises

    def test_park_b_objects_cannot_be_opened_or_changed(
        self, client, admin_operator_a, park_b, enterprise_b
    ):
        client.force_login(admin_operator_a)
        response = client.get(f"/admin/parks/park/{park_b.pk}/change/")
        assert response.status_code == 302  # "doesn't exist", back to the index
        response = client.post(
            f"/admin/parks/enterprise/{enterprise_b.pk}/change/", {"name": "被改"}
        )
        assert response.status_code == 302
        enterprise_b.refresh_from_db()
        assert enterprise_b.name == "乙企业有限公司"
        history = client.get(f"/admin/parks/enterprise/{enterprise_b.pk}/history/")
        assert history.status_code == 404

    def test_the_park_choice_offers_only_park_a(self, client, admin_operator_a, park_a, park_b):
        client.force_login(admin_operator_a)
        page = client.get("/admin/parks/enterprise/add/").content.decode()
        assert "甲园区" in page and "乙园区" not in page

    def test_memberships_are_for_staff_admins_only(self, client, admin_operator_a):
        client.force_login(admin_operator_a)
        assert client.get("/admin/parks/parkmembership/").status_code == 403
