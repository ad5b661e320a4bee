"""Every text field of every API serializer refuses control characters (NUL, ESC, …) with
the position of the first one, in the API's error shape, instead of storing them or failing
in the database; free text keeps its line breaks. URLs and query strings holding a control
character are refused before any lookup."""

import pytest

from parks.models import Park

PARK = {
    "code": "PX",
    "name": "测试园区",
    "level": "municipal",
    "boundary": {
        "type": "MultiPolygon",
        "coordinates": [[[[109.8, 40.6], [109.9, 40.6], [109.9, 40.7], [109.8, 40.6]]]],
    },
}


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("name", "测试\x00园区", "U+0000 at position 3"),
        ("name", "测试\x1b[31m", "U+001B"),
        ("operator", "\x7f", "U+007F"),
        ("district", "\ue000", "U+E000"),
    ],
)
def test_it_refuses_a_control_character_in_a_text_field(api, staff_admin, field, value, reason):
    api.force_authenticate(staff_admin)
    response = api.post("/api/v1/parks/", {**PARK, field: value}, format="json")
    assert response.status_code == 400, response.content[:300]
    body = response.json()
    assert body["code"] == "invalid"
    assert list(body["extra"]["fields"]) == [field]
    assert reason in body["extra"]["fields"][field][0]
    assert not Park.objects.filter(code="PX").exists()


def test_it_accepts_printable_unicode(api, staff_admin):
    api.force_authenticate(staff_admin)
    response = api.post("/api/v1/parks/", {**PARK, "name": "包头·稀土园区 🏭"}, format="json")
    assert response.status_code == 201, response.json()


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/parks/P%00A/",
        "/api/v1/parks/?district=%00",
        "/api/v1/ticket-rollups/?enterprise=%00",
        "/api/v1/ticket-rollups/?category=SW%1b01",
    ],
)
def test_it_refuses_a_control_character_in_the_url(api, regulator, path):
    api.force_authenticate(regulator)
    response = api.get(path)
    assert response.status_code == 400, response.content[:300]
    body = response.json()
    assert body["code"] == "control_character"
    assert "U+00" in body["message"]
