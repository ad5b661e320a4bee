"""A transfer out counts by the purpose its ledger line declares, at the sender, as the official
statistics count it (委托利用 utilised, 委托处置 disposed, 委托贮存 stored); a transfer without
one keeps the receiver's proportions. Every figure worked out by hand.

G (park A), January 2026:
  SW01: generated 100; 60 → an unregistered receiver as 委托利用; closing stock 40
  SW02: generated 50; 30 → R as 委托贮存; 20 → R without a purpose; R utilised 5 and disposed
        15 of SW02 (25 % utilised)
  HW08: generated 20; 15 → an unregistered receiver as 委托处置; 5 → the same without one
"""

import pytest

from tests.factories import EnterpriseFactory, credit_code

INDICATORS = "/api/v1/city-indicators/"


@pytest.fixture
def purposes_city(park_a, upload_ledger):
    g = EnterpriseFactory(park=park_a, name="G").credit_code
    r = EnterpriseFactory(park=park_a, name="R").credit_code
    stranger = credit_code(77)
    upload_ledger(
        [
            (g, "2026-01", "SW01", "产生", "100", "", ""),
            (g, "2026-01", "SW01", "委外转移", "60", stranger, "委托利用"),
            (g, "2026-01", "SW01", "期末贮存", "40", "", ""),
            (g, "2026-01", "SW02", "产生", "50", "", ""),
            (g, "2026-01", "SW02", "委外转移", "30", r, "委托贮存"),
            (g, "2026-01", "SW02", "委外转移", "20", r, ""),
            (g, "2026-01", "HW08", "产生", "20", "", ""),
            (g, "2026-01", "HW08", "委外转移", "15", stranger, "委托处置"),
            (g, "2026-01", "HW08", "委外转移", "5", stranger, ""),
            (r, "2026-01", "SW02", "接收", "50", g, ""),
            (r, "2026-01", "SW02", "自行利用", "5", "", ""),
            (r, "2026-01", "SW02", "自行处置", "15", "", ""),
            (r, "2026-01", "SW02", "期末贮存", "30", "", ""),
        ]
    )


def month_of(api, regulator) -> dict:
    api.force_authenticate(regulator)
    body = api.get(INDICATORS, {"park": "PA", "period": "2026-01"}).json()
    return {row["code"]: row["month"] for row in body["indicators"]}


def test_generated_100_transferred_60_for_utilisation_is_utilised_60(api, regulator, purposes_city):
    month = month_of(api, regulator)
    # SW01: U = 60 (declared) · SW02: U = 20 × 25 % = 5 (R's share); R's own share is 0
    assert month["general_utilisation_rate"]["figures"]["utilised_t"] == 65.0
    assert month["general_utilisation_rate"]["value"] == round(100 * 65 / 150, 2)


def test_disposal_and_storage_purposes_count_as_declared(api, regulator, purposes_city):
    month = month_of(api, regulator)
    # HW08: 15 t handed over for disposal is safely disposed; 5 t without a purpose to a
    # receiver nobody knows is not
    assert month["hazardous_safe_disposal"]["value"] == 15.0
    assert month["hazardous_utilisation_rate"]["value"] == 0.0
    # general: stored = SW01 stock +40 and SW02's 30 t for storage; disposed = 20 × 75 %
    assert month["general_storage_disposal"]["figures"] == {"stored_t": 70.0, "disposed_t": 15.0}
    # all waste: (65 + 30) ÷ 170
    assert month["disposal_utilisation_rate"]["value"] == round(100 * 95 / 170, 2)
