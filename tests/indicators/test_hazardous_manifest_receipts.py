"""Hazardous waste whose ledger line says neither a purpose nor a receiver that handled it counts
by the sender's confirmed manifests of that month: each receipt as its receiver utilised and
disposed that waste in that month, up to the tonnes still unknown. Worked out by hand.

January 2026, park A, HW08:
  G1 transferred 20 t (no counterparty, no purpose); manifest to D, 20 t received.
     D disposed 30 and utilised 10 of HW08 that month (25 % utilised) → U 5, D 15.
  G2 transferred 10 t (no counterparty); manifests to D (received 8) and to Q (received 6);
     Q reported no handling of HW08 → only D's 8 t count: U 2, D 6; 2 t stay unknown.
  G3 transferred 10 t to D (on the ledger line) and a manifest to D of 10 t: counted once,
     by D's share (U 2.5, D 7.5).
  G4 transferred 10 t (no counterparty); an unconfirmed manifest to D: unknown.
"""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from monitoring.models import WasteCategory
from tests.factories import EnterpriseFactory, ManifestFactory

INDICATORS = "/api/v1/city-indicators/"
BAOTOU = ZoneInfo("Asia/Shanghai")


def manifest(generator, receiver, received: str | None, *, day: int = 10) -> None:
    shipped = datetime(2026, 1, day, 9, 0, tzinfo=BAOTOU)
    ManifestFactory(
        generator=generator,
        receiver=receiver,
        category=WasteCategory.objects.get(code="HW08"),
        waste_code="900-249-08",
        quantity_shipped_t=Decimal(received or "10"),
        shipped_at=shipped,
        received_at=shipped.replace(day=day + 1) if received else None,
        quantity_received_t=Decimal(received) if received else None,
    )


@pytest.fixture
def manifest_city(park_a, upload_ledger):
    g1, g2, g3, g4, d, q = (
        EnterpriseFactory(park=park_a, name=name) for name in ("G1", "G2", "G3", "G4", "D", "Q")
    )
    rows = []
    for sender, t, other in ((g1, "20", ""), (g2, "10", ""), (g3, "10", d.credit_code)):
        rows += [
            (sender.credit_code, "2026-01", "HW08", "产生", t, "", ""),
            (sender.credit_code, "2026-01", "HW08", "委外转移", t, other, ""),
        ]
    rows += [
        (g4.credit_code, "2026-01", "HW08", "产生", "10", "", ""),
        (g4.credit_code, "2026-01", "HW08", "委外转移", "10", "", ""),
        (d.credit_code, "2026-01", "HW08", "期初贮存", "2", "", ""),
        (d.credit_code, "2026-01", "HW08", "接收", "38", "", ""),
        (d.credit_code, "2026-01", "HW08", "自行利用", "10", "", ""),
        (d.credit_code, "2026-01", "HW08", "自行处置", "30", "", ""),
        (q.credit_code, "2026-01", "HW08", "接收", "6", "", ""),
        (q.credit_code, "2026-01", "HW08", "期末贮存", "6", "", ""),
    ]
    upload_ledger(rows)
    manifest(g1, d, "20")
    manifest(g2, d, "8")
    manifest(g2, q, "6", day=12)
    manifest(g3, d, "10")
    manifest(g4, d, None)
    return {"G1": g1, "G2": g2, "G3": g3, "G4": g4, "D": d}


def test_confirmed_receipts_count_with_the_receivers_handling(api, regulator, manifest_city):
    api.force_authenticate(regulator)
    body = api.get(INDICATORS, {"park": "PA", "period": "2026-01"}).json()
    month = {row["code"]: row["month"] for row in body["indicators"]}
    # disposed: G1 15 + G2 6 + G3 7.5 = 28.5 (D's own share of its handling is 0: it
    # generated nothing)
    assert month["hazardous_safe_disposal"]["value"] == 28.5
    # utilised: 5 + 2 + 2.5 = 9.5 of 50 t generated
    assert month["hazardous_utilisation_rate"]["figures"]["utilised_t"] == 9.5
    assert month["hazardous_utilisation_rate"]["value"] == 19.0


def test_a_receipt_counts_only_the_tonnes_still_unknown(api, regulator, manifest_city):
    # a second 20 t receipt by D of G1's waste that month: 40 t received, 20 t unknown, so
    # each counts half (without the cap, disposed would be 28.5 + 15)
    d = manifest_city["D"]
    manifest(manifest_city["G1"], d, "20", day=20)
    api.force_authenticate(regulator)
    body = api.get(INDICATORS, {"park": "PA", "period": "2026-01"}).json()
    month = {row["code"]: row["month"] for row in body["indicators"]}
    assert month["hazardous_safe_disposal"]["value"] == 28.5
