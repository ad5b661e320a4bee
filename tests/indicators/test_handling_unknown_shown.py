"""Beside every rate, the tonnes of its waste transferred with handling unknown and their
share of that waste's generation: in the API (documented in the schema) and on the page.

On the small city of tests/conftest.py, park A in January 2026: G1 sent 25 t of HW08 to a
receiver nobody knows (X = 25, all of it G1's own: it received nothing); every SW01 transfer
went to R1, who utilised and disposed of SW01 (X = 0). Generated: SW01 1000, HW08 20.
"""

INDICATORS = "/api/v1/city-indicators/"


def test_the_api_gives_the_unknown_tonnes_and_share_per_value(api, operator_a, ledger_city):
    api.force_authenticate(operator_a)
    body = api.get(INDICATORS, {"park": "PA", "period": "2026-01"}).json()
    month = {
        row["code"]: (
            row["month"]["handling_unknown_t"],
            row["month"]["handling_unknown_share_pct"],
        )
        for row in body["indicators"]
    }
    assert month == {
        "generation_intensity": (25.0, 2.45),  # 25 ÷ 1020
        "general_generation_intensity": (0.0, 0.0),
        "hazardous_generation_intensity": (25.0, 125.0),  # 25 ÷ 20: sent from the stock too
        "general_utilisation_rate": (0.0, 0.0),
        "hazardous_utilisation_rate": (25.0, 125.0),
        "disposal_utilisation_rate": (25.0, 2.45),
        "hazardous_safe_disposal": (25.0, 125.0),
        "general_storage_disposal": (0.0, 0.0),
    }
    nothing = api.get(INDICATORS, {"park": "PA", "period": "2026-03"}).json()["indicators"][0]
    assert (
        nothing["month"]["handling_unknown_t"],
        nothing["month"]["handling_unknown_share_pct"],
    ) == (None, None)  # no ledger figures: no data, not 0


def test_the_schema_documents_the_new_fields(api, regulator):
    api.force_authenticate(regulator)
    schema = api.get("/api/v1/schema/", {"format": "json"}).json()
    value = schema["components"]["schemas"]["CityIndicatorValue"]["properties"]
    assert {"value", "figures", "handling_unknown_t", "handling_unknown_share_pct"} <= set(value)
    identity = schema["components"]["schemas"]["CityIdentityRow"]["properties"]
    assert {"residual", "dumped_or_discarded_t"} <= set(identity)


def test_the_page_shows_it_beside_each_value(client, operator_a, ledger_city):
    client.force_login(operator_a)
    page = client.get("/indicators/?park=PA&period=2026-01", HTTP_ACCEPT_LANGUAGE="zh-hans")
    text = page.content.decode()
    assert "利用/处置方式不明的委托量 25.000 吨 · 占产生量的125.00%" in text
    assert "利用/处置方式不明的委托量 25.000 吨 · 占产生量的2.45%" in text
    # beside every rate (not the tonnes and intensities, where it is not a share of anything
    # the rate counts), the month and the year to date (2025, the whole year, has no data)
    assert text.count('class="handling-unknown"') == 3 * 2
    english = client.get("/indicators/?park=PA&period=2026-01", HTTP_ACCEPT_LANGUAGE="en")
    assert "handling unknown 25.000 t · 125.00 % of generated" in english.content.decode()
