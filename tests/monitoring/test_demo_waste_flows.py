"""The demo's waste flows look like a real city's: every series is the enterprise's own,
hazardous waste is a small share, every transfer names a registered receiver that files the
receipt, and the hazardous manifests add up to the ledgers."""

from collections import defaultdict
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils.timezone import localtime

from monitoring.demo_ledgers import BEIJING
from monitoring.models import LedgerEntry, Manifest
from parks.models import Enterprise

Flow = LedgerEntry.Flow


@pytest.fixture
def lines(db, settings, tmp_path, catalogue):
    settings.VAR_DIR = tmp_path
    call_command("load_demo", verbosity=0)
    call_command("load_demo_monitoring", verbosity=0)
    return list(
        LedgerEntry.objects.filter(superseded_at__isnull=True).values(
            "enterprise__credit_code",
            "category__code",
            "category__is_hazardous",
            "period",
            "flow",
            "counterparty",
            "quantity_t",
        )
    )


def test_the_demo_city_looks_like_a_real_one(lines):
    """One load of the demo (it takes a while), three properties."""
    _own_plausible_series(lines)
    _receivers_file_the_receipts(lines)
    _manifests_add_up(lines)


def _own_plausible_series(lines: list[dict]) -> None:
    series = defaultdict(list)
    for line in sorted(lines, key=lambda line: (line["period"], line["flow"])):
        key = (line["enterprise__credit_code"], line["category__code"])
        series[key].append((line["period"], line["flow"], line["quantity_t"]))
    assert len(series) > 60
    assert len({tuple(months) for months in series.values()}) == len(series)

    generated = defaultdict(Decimal)
    for line in lines:
        if line["flow"] == Flow.GENERATED:
            generated[line["category__is_hazardous"]] += line["quantity_t"]
    assert generated[True] < Decimal("0.05") * (generated[True] + generated[False])

    flows = {(line["enterprise__credit_code"], line["flow"]) for line in lines}
    assert len({code for code, flow in flows if flow == Flow.DISPOSED}) >= 5
    assert len({code for code, flow in flows if flow == Flow.UTILISED}) >= 5


def _receivers_file_the_receipts(lines: list[dict]) -> None:
    registered = set(Enterprise.objects.values_list("credit_code", flat=True))
    received = {
        (
            line["enterprise__credit_code"],
            line["counterparty"],
            line["category__code"],
            line["period"],
        ): line["quantity_t"]
        for line in lines
        if line["flow"] == Flow.RECEIVED
    }
    transfers = [line for line in lines if line["flow"] == Flow.TRANSFERRED_OUT]
    assert transfers
    for line in transfers:
        assert line["counterparty"] in registered, line
        sender, category, period = (
            line["enterprise__credit_code"],
            line["category__code"],
            line["period"],
        )
        taken = received[(line["counterparty"], sender, category, period)]
        if not line["category__is_hazardous"]:  # hazardous: as the manifests were confirmed
            assert abs(taken - line["quantity_t"]) <= Decimal("0.01") * line["quantity_t"], line


def _manifests_add_up(lines: list[dict]) -> None:
    shipped, taken, loads = defaultdict(Decimal), defaultdict(Decimal), defaultdict(int)
    for manifest in Manifest.objects.select_related("generator", "receiver", "category"):
        key = (
            manifest.generator.credit_code,
            manifest.receiver.credit_code,
            manifest.category.code,
            localtime(manifest.shipped_at, BEIJING).date().replace(day=1),
        )
        shipped[key] += manifest.quantity_shipped_t
        taken[key] += (
            manifest.quantity_shipped_t
            if manifest.received_at is None
            else manifest.quantity_received_t
        )
        loads[key] += 1
    assert shipped
    assert Manifest.objects.filter(received_at__isnull=True).count() == 2
    by_line = {
        (
            line["enterprise__credit_code"],
            line["counterparty"],
            line["category__code"],
            line["period"],
            line["flow"],
        ): line["quantity_t"]
        for line in lines
    }
    for (generator, receiver, category, period), tonnes in shipped.items():
        rounding = Decimal("0.001") * loads[(generator, receiver, category, period)]
        sent = by_line[(generator, receiver, category, period, Flow.TRANSFERRED_OUT)]
        assert abs(sent - tonnes) <= rounding
        receipt = by_line[(receiver, generator, category, period, Flow.RECEIVED)]
        assert abs(receipt - taken[(generator, receiver, category, period)]) <= rounding
