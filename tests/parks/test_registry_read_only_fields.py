"""A field that cannot change after creation (a park's code, an enterprise's credit code) or
that the platform computes (enterprise_count, outside_park_boundary, data_issues) is refused
with a clear message when an update tries to change it, instead of being silently ignored;
sending it unchanged (a PUT of what GET returned) is accepted."""

import pytest

from tests.factories import credit_code

ENTERPRISES = "/api/v1/enterprises/"
PARKS = "/api/v1/parks/"


def test_it_refuses_a_change_of_credit_code(api, operator_a, enterprise_a):
    api.force_authenticate(operator_a)
    original = enterprise_a.credit_code
    response = api.patch(
        f"{ENTERPRISES}{original}/", {"credit_code": credit_code(99), "name": "新名"}, format="json"
    )
    assert response.status_code == 400
    body = response.json()
    assert body["extra"]["fields"] == {
        "credit_code": [
            "The credit code identifies the enterprise and cannot be changed; register the "
            "enterprise with its new code instead."
        ]
    }
    enterprise_a.refresh_from_db()
    assert (enterprise_a.credit_code, enterprise_a.name) == (original, "甲企业有限公司")


@pytest.mark.parametrize(
    ("field", "value"), [("outside_park_boundary", True), ("data_issues", ["x"])]
)
def test_it_refuses_a_change_of_a_computed_field(api, operator_a, enterprise_a, field, value):
    api.force_authenticate(operator_a)
    response = api.patch(f"{ENTERPRISES}{enterprise_a.credit_code}/", {field: value}, format="json")
    assert response.status_code == 400
    assert "computed by the platform" in response.json()["extra"]["fields"][field][0]


def test_it_accepts_a_put_of_what_get_returned(api, operator_a, enterprise_a):
    api.force_authenticate(operator_a)
    url = f"{ENTERPRISES}{enterprise_a.credit_code}/"
    current = api.get(url).json()
    current["name"] = "甲企业（改名）有限公司"
    response = api.put(url, current, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["name"] == "甲企业（改名）有限公司"


def test_it_accepts_the_same_credit_code_typed_full_width(api, operator_a, enterprise_a):
    api.force_authenticate(operator_a)
    typed = "".join(chr(ord(c) + 0xFEE0) for c in enterprise_a.credit_code)
    response = api.patch(
        f"{ENTERPRISES}{enterprise_a.credit_code}/", {"credit_code": typed}, format="json"
    )
    assert response.status_code == 200, response.json()


@pytest.mark.parametrize(("field", "value"), [("code", "PZ"), ("enterprise_count", 99)])
def test_it_refuses_a_change_of_a_parks_code_or_count(api, operator_a, park_a, field, value):
    api.force_authenticate(operator_a)
    response = api.patch(f"{PARKS}PA/", {field: value, "name": "改"}, format="json")
    assert response.status_code == 400
    assert list(response.json()["extra"]["fields"]) == [field]
    park_a.refresh_from_db()
    assert (park_a.code, park_a.name) == ("PA", "甲园区")
