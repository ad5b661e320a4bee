"""Who reads and changes which evaluation: B's operator has no access to A's evaluation, the
regulator reviews but never enters values, an enterprise user reads its park's approved ones."""

import pytest

from evaluation import services
from tests.evaluation.conftest import approved, fill

URL = "/api/v1/park-evaluations/"


@pytest.fixture
def evaluation_a(edition, park_a, operator_a):
    evaluation = services.evaluation_create(actor=operator_a, park=park_a, year=2025)
    return fill(evaluation, operator_a)


def test_operator_b_cannot_read_or_change_park_as_evaluation(api, evaluation_a, operator_b):
    api.force_authenticate(operator_b)
    assert api.get(URL).json()["count"] == 0
    detail = f"{URL}{evaluation_a.pk}/"
    assert api.get(detail).status_code == 404
    put = api.put(f"{detail}values/", [{"indicator": 1, "value": "1"}], format="json")
    assert put.status_code == 404
    assert api.post(f"{detail}submit/").status_code == 404
    created = api.post(URL, {"park": "PA", "year": 2024}, format="json")
    assert created.status_code == 400 and "park" in created.json()["extra"]["fields"]
    assert api.get(f"{URL}history/", {"park": "PA"}).status_code == 404


def test_the_regulator_reads_but_does_not_enter(api, evaluation_a, regulator, operator_a):
    api.force_authenticate(regulator)
    detail = f"{URL}{evaluation_a.pk}/"
    assert api.get(detail).status_code == 200
    put = api.put(f"{detail}values/", [{"indicator": 1, "value": "1"}], format="json")
    assert put.status_code == 403
    assert api.post(f"{detail}submit/").status_code == 403
    assert api.post(URL, {"park": "PA", "year": 2024}, format="json").status_code == 403
    api.force_authenticate(operator_a)
    assert api.post(f"{detail}approve/", {}, format="json").status_code == 403


def test_an_enterprise_user_reads_only_approved_evaluations_of_its_park(
    api, evaluation_a, enterprise_user, operator_a, regulator
):
    api.force_authenticate(enterprise_user)
    assert api.get(f"{URL}{evaluation_a.pk}/").status_code == 404  # a draft
    approved(evaluation_a, operator_a, regulator)
    assert api.get(f"{URL}{evaluation_a.pk}/").status_code == 200
    revise = api.post(f"{URL}{evaluation_a.pk}/revise/")
    assert revise.status_code == 403


def test_the_ranking_shows_each_user_the_parks_they_may_read(
    api, city, operator_a, regulator, enterprise_user
):
    api.force_authenticate(regulator)
    rows = api.get(f"{URL}ranking/", {"year": 2024}).json()
    assert [(r["rank"], r["park"], r["gi"], r["passed"]) for r in rows] == [
        (1, "PA", "93.89", True),
        (1, "PC", "93.89", True),
        (2, "PB", "86.94", False),
    ]
    api.force_authenticate(operator_a)
    assert [(r["rank"], r["park"]) for r in api.get(f"{URL}ranking/", {"year": 2025}).json()] == [
        (2, "PA")
    ]
    assert api.get(f"{URL}ranking/").status_code == 400  # the year is required
    assert api.get(f"{URL}ranking/", {"year": 2024, "edition": "nope"}).status_code == 400


def test_the_history_api(api, city, regulator):
    api.force_authenticate(regulator)
    body = api.get(f"{URL}history/", {"park": "PA"}).json()
    assert body["years"] == [2023, 2024, 2025]
    assert [(c["year"], c["gi"], c["rank"]) for c in body["columns"]] == [
        (2023, None, None),
        (2024, "93.89", 1),
        (2025, "96.67", 2),
    ]
    row = next(row for row in body["rows"] if row["number"] == 23)
    assert [(c["status"], c["value"], c["r"]) for c in row["cells"]] == [
        ("no_evaluation", None, None),
        ("scored", "10.000000", "0.500000"),
        ("scored", "4.000000", "1.000000"),
    ]
    two = api.get(f"{URL}history/", {"park": "PB", "year": 2024, "years": 2}).json()
    assert two["years"] == [2023, 2024] and two["columns"][1]["gi"] == "86.94"
