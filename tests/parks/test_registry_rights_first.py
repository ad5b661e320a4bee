"""Registry writes check the caller's right before the input: a caller without it gets the
same 403 whatever it sent, so validation messages never tell it which parks exist."""

from tests.factories import credit_code

ENTERPRISES = "/api/v1/enterprises/"
PARKS = "/api/v1/parks/"


def enterprise(park_code: str, **changes) -> dict:
    data = {
        "credit_code": credit_code(7),
        "name": "包头新企业有限公司",
        "industry_code": "C3415",
        "park": park_code,
        "location": {"type": "Point", "coordinates": [109.84, 40.66]},
    }
    return {**data, **changes}


def test_an_unknown_and_a_foreign_park_get_the_same_answer(api, operator_a, park_a, park_b):
    api.force_authenticate(operator_a)
    foreign = api.post(ENTERPRISES, enterprise("PB"), format="json")
    unknown = api.post(ENTERPRISES, enterprise("NOSUCHPARK"), format="json")
    assert foreign.status_code == unknown.status_code == 403
    assert foreign.json() == unknown.json()


def test_a_regulator_gets_403_before_any_validation(api, regulator, park_a):
    api.force_authenticate(regulator)
    response = api.post(ENTERPRISES, {"credit_code": "x"}, format="json")
    assert response.status_code == 403


def test_an_operator_creating_a_park_gets_403_before_any_validation(api, operator_a):
    api.force_authenticate(operator_a)
    response = api.post(PARKS, {"code": "x"}, format="json")
    assert response.status_code == 403


def test_updates_check_the_right_before_the_input(api, regulator, park_a, enterprise_a):
    api.force_authenticate(regulator)
    bad = {"level": "galactic", "location": "nowhere"}
    assert api.patch(f"{PARKS}PA/", bad, format="json").status_code == 403
    url = f"{ENTERPRISES}{enterprise_a.credit_code}/"
    assert api.patch(url, bad, format="json").status_code == 403


def test_a_caller_with_the_right_still_gets_field_errors(api, operator_a, park_a):
    api.force_authenticate(operator_a)
    response = api.post(ENTERPRISES, enterprise("PA", industry_code="nope"), format="json")
    assert response.status_code == 400
    assert "industry_code" in response.json()["extra"]["fields"]
