"""Registering a monitoring point checks the caller's right over the named enterprise before
the rest of the input: an enterprise the caller cannot read answers 404 like an unknown one,
one it reads but may not manage answers 403, whatever else the request holds."""

URL = "/api/v1/monitoring-points/"


def test_unknown_and_foreign_enterprises_get_the_same_answer(api, operator_b, enterprise_a):
    api.force_authenticate(operator_b)
    point = {"code": "wb-1", "kind": "weighbridge"}
    foreign = api.post(URL, {**point, "enterprise": enterprise_a.credit_code}, format="json")
    unknown = api.post(URL, {**point, "enterprise": "91150200MA0N1A2B3X"}, format="json")
    assert foreign.status_code == unknown.status_code == 404
    assert foreign.json() == unknown.json()


def test_an_unknown_enterprise_with_bad_input_is_still_404(api, operator_b):
    api.force_authenticate(operator_b)
    response = api.post(URL, {"enterprise": "91150200MA0N1A2B3X", "kind": "x"}, format="json")
    assert response.status_code == 404


def test_a_reader_gets_403_before_any_validation(api, regulator, enterprise_a):
    api.force_authenticate(regulator)
    response = api.post(
        URL, {"enterprise": enterprise_a.credit_code, "kind": "spaceship"}, format="json"
    )
    assert response.status_code == 403


def test_the_operator_still_gets_field_errors(api, operator_a, enterprise_a):
    api.force_authenticate(operator_a)
    response = api.post(
        URL, {"enterprise": enterprise_a.credit_code, "code": "wb-1", "kind": "x"}, format="json"
    )
    assert response.status_code == 400
    assert list(response.json()["extra"]["fields"]) == ["kind"]


def test_a_missing_enterprise_is_a_field_error(api, operator_a):
    api.force_authenticate(operator_a)
    response = api.post(URL, {"code": "wb-1", "kind": "weighbridge"}, format="json")
    assert response.status_code == 400
    assert "enterprise" in response.json()["extra"]["fields"]


def test_an_enterprise_named_by_a_number_is_looked_up_as_text(api, operator_a):
    api.force_authenticate(operator_a)
    response = api.post(
        URL, {"enterprise": 0, "code": "wb-1", "kind": "weighbridge"}, format="json"
    )
    assert response.status_code == 404
