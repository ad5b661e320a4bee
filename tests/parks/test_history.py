import pytest

pytestmark = pytest.mark.smoke


def test_it_records_who_changed_what_and_when(api, operator_a, park_a, enterprise_a):
    api.force_authenticate(operator_a)
    url = f"/api/v1/enterprises/{enterprise_a.credit_code}/"
    assert (
        api.patch(
            url, {"name": "甲企业（新）有限公司", "is_key_unit": True}, format="json"
        ).status_code
        == 200
    )
    records = api.get(url + "history/").json()
    latest, created = records[0], records[-1]
    assert latest["type"] == "changed"
    assert latest["user"] == "alice"
    changes = {c["field"]: (c["old"], c["new"]) for c in latest["changes"]}
    assert changes["name"] == ("甲企业有限公司", "甲企业（新）有限公司")
    assert changes["is_key_unit"] == (False, True)
    assert created["type"] == "created"


def test_park_history_shows_boundary_changes(api, operator_a, park_a):
    api.force_authenticate(operator_a)
    old = park_a.boundary.wkt
    api.patch("/api/v1/parks/PA/", {"district": "九原区"}, format="json")
    [latest, *_] = api.get("/api/v1/parks/PA/history/").json()
    assert latest["user"] == "alice"
    assert latest["changes"] == [{"field": "district", "old": "青山区", "new": "九原区"}]
    assert old  # the boundary did not change, so it is not listed


def test_the_admin_shows_the_history(client, staff_admin, enterprise_a):
    client.force_login(staff_admin)
    page = client.get(f"/admin/parks/enterprise/{enterprise_a.pk}/history/")
    assert page.status_code == 200
