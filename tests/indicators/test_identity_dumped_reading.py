"""The identity's residual is also shown as its last official term, waste dumped or discarded
(倾倒丢弃量): a surplus reads as that, a deficit as none.

E (park A), SW01: January generated 100, utilised 60, closing 40; February opens with 10
(30 t vanished), utilises 10, closes 0. Year to date: generated 100, utilised 70, stock 0 → 0:
30 t unaccounted for, read as dumped or discarded.
"""

import pytest

from tests.factories import EnterpriseFactory

INDICATORS = "/api/v1/city-indicators/"


@pytest.fixture
def vanished(park_a, upload_ledger):
    e = EnterpriseFactory(park=park_a, name="E").credit_code
    upload_ledger(
        [
            (e, "2026-01", "SW01", "产生", "100", "", ""),
            (e, "2026-01", "SW01", "自行利用", "60", "", ""),
            (e, "2026-01", "SW01", "期末贮存", "40", "", ""),
            (e, "2026-02", "SW01", "期初贮存", "10", "", ""),
            (e, "2026-02", "SW01", "自行利用", "10", "", ""),
        ]
    )
    return e


def test_a_surplus_reads_as_dumped_or_discarded(api, regulator, vanished):
    api.force_authenticate(regulator)
    body = api.get(INDICATORS, {"park": "PA", "period": "2026-02"}).json()
    [row] = body["identity_check"]
    assert (row["credit_code"], row["residual"], row["dumped_or_discarded_t"]) == (
        vanished,
        30.0,
        30.0,
    )


def test_a_deficit_reads_as_nothing_dumped(api, regulator, ledger_city):
    api.force_authenticate(regulator)
    body = api.get(INDICATORS, {"period": "2026-02"}).json()
    [row] = body["identity_check"]  # B1: 50 t of stock appear from nowhere
    assert (row["residual"], row["dumped_or_discarded_t"]) == (-50.0, 0.0)


def test_the_page_shows_the_reading_and_how_to_read_it(client, regulator, vanished):
    client.force_login(regulator)
    page = client.get("/indicators/?park=PA&period=2026-02", HTTP_ACCEPT_LANGUAGE="zh-hans")
    text = page.content.decode()
    assert "按倾倒丢弃量解读（吨）" in text and "30.000" in text
    assert "倾倒丢弃量" in text
