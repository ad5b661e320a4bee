"""Zero-waste city indicators on a small city whose every figure is computed by hand below.

Park A: generator G1 and utiliser R1; park B: B1, whose February opening stock does not carry
over (50 t appear from nowhere). Ledgers go through the real upload path; value added through
the economic-figures service.

G1 SW01  Jan: open 100, gen 1000, used 400, disposed 100, out 300 → R1, close 300
         Feb: open 300, gen  800, used 500, disposed 100, out 400 → R1, close 100
G1 HW08  Jan: open  10, gen   20, out 25 → an unregistered receiver, close 5
R1 SW01  Jan: received 300 from G1, used 240, disposed 60 (80 % utilised)
         Feb: received 400 from G1, used 320, disposed 80 (80 % utilised)
B1 SW02  Jan: gen 100, used 100;  Feb: open 50 (!), gen 100, used 150
Value added (万元): G1 500 + 500, R1 100 (January only), B1 none.
"""

import pytest

from indicators.models import IndicatorTarget

INDICATORS = "/api/v1/city-indicators/"


def values(body: dict, column: str) -> dict:
    return {row["code"]: row[column]["value"] for row in body["indicators"]}


@pytest.mark.smoke
def test_park_a_in_january_by_hand(api, operator_a, ledger_city):
    api.force_authenticate(operator_a)
    body = api.get(INDICATORS, {"park": "PA", "period": "2026-01"}).json()
    assert values(body, "month") == {
        # G1 SW01: U = 400 own + 300 × 80 % at R1 = 640; D = 100 + 60 = 160; stock +200 = S
        # G1 HW08: 25 t to a receiver nobody knows (X); stock −5 = prior-year stock P
        "generation_intensity": 1.7,  # (1000 + 20) t ÷ (500 + 100) 万元
        "general_generation_intensity": 1.6667,  # 1000 ÷ 600
        "hazardous_generation_intensity": 0.0333,  # 20 ÷ 600
        "general_utilisation_rate": 64.0,  # 640 ÷ (1000 + 0) × 100
        "hazardous_utilisation_rate": 0.0,  # 0 ÷ (20 + 0)
        "disposal_utilisation_rate": 78.05,  # (640 + 160) ÷ (1020 + 5) × 100 = 78.0488
        "hazardous_safe_disposal": 0.0,  # nothing of HW08 disposed where it is known
        "general_storage_disposal": 360.0,  # stored 200 + disposed 160
    }
    utilisation = next(r for r in body["indicators"] if r["code"] == "general_utilisation_rate")
    assert utilisation["month"]["figures"] == {
        "utilised_t": 640.0,
        "generated_t": 1000.0,
        "prior_stock_utilised_t": 0.0,
    }
    assert utilisation["unit"] == "%" and utilisation["better"] == "higher"
    assert body["ledger_entries"]["month"] == (
        "/api/v1/ledger-entries/?period_from=2026-01-01&period_to=2026-01-01&park=PA"
    )
    assert body["identity_check"] == []  # park A's stock carries over


def test_year_to_date_counts_only_value_added_reported_for_every_month(api, regulator, ledger_city):
    api.force_authenticate(regulator)
    body = api.get(INDICATORS, {"park": "PA", "period": "2026-02"}).json()
    ytd = values(body, "year_to_date")
    # G1 SW01 Jan–Feb: U = 900 + 700 × 80 % = 1460, D = 200 + 140 = 340, stock 100 → 100
    assert ytd["generation_intensity"] == 1.82  # (1800 + 20) ÷ 1000 (R1: January only)
    assert ytd["general_utilisation_rate"] == 81.11  # 1460 ÷ 1800 × 100
    assert ytd["disposal_utilisation_rate"] == 98.63  # (1460 + 340) ÷ (1820 + 5) × 100
    assert ytd["general_storage_disposal"] == 340.0  # stored 0 + disposed 340
    intensity = next(r for r in body["indicators"] if r["code"] == "generation_intensity")
    assert intensity["year_to_date"]["figures"]["generators_without_value_added"] == 0
    year = body["spans"]["year"]  # the last whole one
    assert (year["from"], year["to"], year["months"]) == ("2025-01", "2025-12", [])
    assert values(body, "year")["general_utilisation_rate"] is None  # no ledger in 2025


def test_the_city_shows_the_broken_identity_and_progress_to_its_target(api, regulator, ledger_city):
    IndicatorTarget.objects.create(indicator="general_utilisation_rate", year=2026, target=90)
    api.force_authenticate(regulator)
    body = api.get(INDICATORS, {"period": "2026-02"}).json()
    row = next(r for r in body["indicators"] if r["code"] == "general_utilisation_rate")
    # City, SW, Jan–Feb: U = 1460 (G1) + 250 (B1), G = 1800 + 200 → 85.5 %
    assert row["year_to_date"]["value"] == 85.5
    assert (row["target"], row["progress"]) == (90.0, 0.95)  # 85.5 ÷ 90
    # B1 used 250 t of 200 generated with no stock to draw on: 50 t unexplained
    assert [(i["credit_code"], i["category"], i["residual"]) for i in body["identity_check"]] == [
        (ledger_city["B1"].credit_code, "SW02", -50.0)
    ]
    intensity = next(r for r in body["indicators"] if r["code"] == "generation_intensity")
    # B1 generated but reported no value added: left out of the intensity, and counted
    assert intensity["year_to_date"]["figures"]["generators_without_value_added"] == 1


def test_missing_value_added_is_not_computable_never_zero(api, regulator, ledger_city):
    api.force_authenticate(regulator)
    body = api.get(INDICATORS, {"park": "PB", "period": "2026-01"}).json()
    month = {r["code"]: r["month"] for r in body["indicators"]}
    assert month["generation_intensity"]["value"] is None
    assert month["generation_intensity"]["no_data"] is False  # B1 has ledger figures
    assert "no industrial value added" in month["generation_intensity"]["not_computable"]


def test_scope_follows_the_registry(api, operator_b, enterprise_user, ledger_city):
    api.force_authenticate(operator_b)
    assert api.get(INDICATORS, {"park": "PA"}).status_code == 404
    assert api.get(INDICATORS).status_code == 403  # the city is the bureau's
    assert api.get(INDICATORS, {"park": "PB", "period": "2026-1x"}).status_code == 400


def test_the_dashboard_shows_both_languages(client, regulator, ledger_city):
    client.force_login(regulator)
    page = client.get("/indicators/?period=2026-02", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert page.status_code == 200
    text = page.content.decode()
    assert "85.5" in text and "一般工业固体废物综合利用率" in text
    english = client.get("/indicators/?period=2026-02", HTTP_ACCEPT_LANGUAGE="en").content
    assert "General industrial solid waste comprehensive utilisation rate" in english.decode()


def test_an_operator_lands_on_their_park(client, operator_a, ledger_city):
    client.force_login(operator_a)
    response = client.get("/indicators/")
    assert response.status_code == 302 and response["Location"].endswith("?park=PA")
