"""Values are computed in full precision and rounded once, where they are shown, to the places
their indicator gives: the page and the API show the same digits (0.40048 is 0.4005, never
0.401 from rounding 0.4005 again). Enterprise E: 1,000 t generated, 123.4449 t utilised on
site, the rest disposed of; 2,497 万元 of value added (1,000 ÷ 2,497 = 0.40048 t/万元)."""

import pytest
from django.contrib.auth import get_user_model

from parks.economics import economic_figures_save
from tests.factories import EnterpriseFactory

INDICATORS = "/api/v1/city-indicators/"


@pytest.fixture
def odd_figures(park_a, upload_ledger):
    code = EnterpriseFactory(park=park_a, name="E").credit_code
    upload_ledger(
        [
            (code, "2026-01", "SW01", "产生", "1000", "", ""),
            (code, "2026-01", "SW01", "自行利用", "123.4449", "", ""),
            (code, "2026-01", "SW01", "自行处置", "876.5551", "", ""),
        ]
    )
    row = {"credit_code": code, "period": "2026-01", "value_added": "2497"}
    staff = get_user_model().objects.create(
        username="figures-staff", is_staff=True, is_superuser=True
    )
    assert not economic_figures_save(actor=staff, rows=[(1, row)], source="test").errors


def test_the_api_rounds_once_to_the_indicators_places(api, regulator, odd_figures):
    api.force_authenticate(regulator)
    body = api.get(INDICATORS, {"park": "PA", "period": "2026-01"}).json()
    month = {row["code"]: (row["decimals"], row["month"]["value"]) for row in body["indicators"]}
    assert month["generation_intensity"] == (4, 0.4005)  # 0.400480…
    assert month["general_utilisation_rate"] == (2, 12.34)  # 12.34449 %, not 12.3445


def test_the_page_shows_the_apis_digits(client, regulator, odd_figures):
    client.force_login(regulator)
    page = client.get("/indicators/", {"park": "PA", "period": "2026-01"})
    text = page.content.decode()
    # The intensity of all waste and of general waste (the same here), month and year to date
    assert text.count(">0.4005\n") == 4
    assert text.count(">12.34\n") == 2
    assert "0.401" not in text and "12.345" not in text
