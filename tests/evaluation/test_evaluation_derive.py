"""Derived indicators come from the park's ledgers of the evaluated year and say where from
(the small ledger city of tests/conftest.py; its figures are worked out by hand in
tests/indicators/test_city_indicators.py)."""

from evaluation.models import ParkEvaluation

EVALUATIONS = "/api/v1/park-evaluations/"


def test_derive_fills_6_and_21_from_the_ledger_with_their_trace(
    api, operator_a, edition, ledger_city
):
    api.force_authenticate(operator_a)
    created = api.post(EVALUATIONS, {"park": "PA", "year": 2026}, format="json").json()
    response = api.post(f"{EVALUATIONS}{created['id']}/derive/")
    assert response.status_code == 200, response.json()
    values = {v["indicator"]: v for v in response.json()["values"]}
    # RG-6: G1's slag, Jan–Feb 2026: U = 900 on site + 700 × 80 % at R1 = 1460 of 1800
    assert values[6]["value"] == "81.111100"
    assert values[6]["source"] == "derived"
    # HG-21: (U 1460 + D 340) ÷ (generated 1820 + prior-year stock used 5) × 100
    assert values[21]["value"] == "98.630100"
    evaluation = ParkEvaluation.objects.get(pk=created["id"])
    trace = evaluation.values.get(indicator__number=6).trace
    assert trace["figures"] == {
        "utilised_t": 1460.0,
        "generated_t": 1800.0,
        "prior_stock_utilised_t": 0.0,
    }
    assert trace["ledger_entries"] == (
        "/api/v1/ledger-entries/?period_from=2026-01-01&period_to=2026-12-01&park=PA"
    )
    rows = api.get(trace["ledger_entries"]).json()
    assert rows["count"] == 22  # park A's ledger lines of 2026: G1's 16 and R1's 6


def test_a_year_without_ledgers_is_not_computable_and_fails_the_mandatory_indicator(
    api, operator_b, edition, ledger_city
):
    api.force_authenticate(operator_b)
    created = api.post(EVALUATIONS, {"park": "PB", "year": 2025}, format="json").json()
    body = api.post(f"{EVALUATIONS}{created['id']}/derive/").json()
    values = {v["indicator"]: v for v in body["values"]}
    assert values[6]["value"] is None
    assert values[6]["note"] == "No data: no ledger figures."  # not a zero denominator
    scored = {row["number"]: row for row in body["computed"]["indicators"]}
    assert scored[6]["status"] == "not_computable"
    assert 6 in body["computed"]["failed_mandatory"]


def test_a_regulator_cannot_derive_and_an_approved_evaluation_stays_frozen(
    api, operator_a, regulator, edition, ledger_city
):
    api.force_authenticate(operator_a)
    created = api.post(EVALUATIONS, {"park": "PA", "year": 2026}, format="json").json()
    api.force_authenticate(regulator)
    assert api.post(f"{EVALUATIONS}{created['id']}/derive/").status_code == 403
    api.force_authenticate(operator_a)
    api.post(f"{EVALUATIONS}{created['id']}/submit/")
    api.force_authenticate(regulator)
    api.post(f"{EVALUATIONS}{created['id']}/approve/", {}, format="json")
    api.force_authenticate(operator_a)
    assert api.post(f"{EVALUATIONS}{created['id']}/derive/").status_code == 400
