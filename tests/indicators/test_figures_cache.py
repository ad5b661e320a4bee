"""The landing page's and the Indicators page's figures are kept in the cache while the data
behind them is unchanged, and are computed afresh as soon as it changes: new ledger lines, a
correction, a manifest, an economic figure, an enterprise moved or a target."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indicators.models import IndicatorTarget
from parks.economics import economic_figures_save
from tests.factories import EnterpriseFactory, ledger_months

pytestmark = pytest.mark.django_db

JANUARY = date(2026, 1, 1)


def generated(client) -> float:
    """The city's general waste generated in January, as the landing page shows it."""
    summary = client.get("/", {"period": "2026-01"}).context["summary"]
    return summary.trend_rows[-1].generated_t


def queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        client.get(path)
    return len(captured)


def test_unchanged_data_is_read_from_the_cache(client, regulator, ledger_city):
    client.force_login(regulator)
    cache.clear()
    for path in ("/?period=2026-01", "/indicators/?period=2026-01"):
        computed = queries(client, path)
        assert queries(client, path) < computed  # the ledger and the figures not read again


def test_new_ledger_lines_are_shown_at_once(client, regulator, ledger_city):
    client.force_login(regulator)
    before = generated(client)
    ledger_months(EnterpriseFactory(park=ledger_city["G1"].park), [JANUARY], [{"generated": 50}])
    assert generated(client) == before + 50


def test_the_indicators_page_follows_targets_and_economic_figures(
    client, regulator, ledger_city, staff_admin
):
    client.force_login(regulator)

    def shown() -> dict:
        report = client.get("/indicators/", {"period": "2026-01"}).context["report"]
        return {row.code: (row.target, row.results["month"].value) for row in report.rows}

    before = shown()
    code = next(iter(before))
    IndicatorTarget.objects.create(indicator=code, park=None, year=2026, target=Decimal("42"))
    assert shown()[code][0] == 42.0
    b1 = ledger_city["B1"].credit_code
    saved = economic_figures_save(
        actor=staff_admin,
        rows=[(1, {"credit_code": b1, "period": "2026-01", "value_added": "300"})],
        source="test",
    )
    assert not saved.errors
    after = shown()
    assert any(after[c][1] != before[c][1] for c in before)  # an intensity per value added
