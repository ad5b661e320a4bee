import csv
import io
import json
from collections import Counter, defaultdict
from decimal import Decimal
from functools import cache

import pytest
from django.core.management import call_command

from detection.synthetic import (
    ANOMALY_KINDS,
    HARD_NEGATIVE_KINDS,
    city_generate,
    city_load,
    city_write,
)
from monitoring.ledger.columns import FLOW_BY_NAME
from monitoring.models import LedgerEntry, Manifest, UploadBatch, WeighTicket
from parks.models import Enterprise
from parks.validators import validate_credit_code

TICKET_KINDS = {"measured_vs_reported", "stuck_sensor", "device_gap", "duplicated_tickets"}


@cache
def small():
    return city_generate(seed=11, months=6, enterprises=12)


@cache
def larger():
    return city_generate(seed=5, months=12, enterprises=30)


def _figures(city) -> dict[tuple, dict[str, dict[str, float]]]:
    """(credit code, category, period) → flow → counterparty → tonnes, from the CSV files."""
    figures: dict[tuple, dict] = defaultdict(lambda: defaultdict(dict))
    for data in city.ledgers.values():
        for row in list(csv.reader(io.StringIO(data.decode())))[1:]:
            code, period, waste, flow, quantity, _unit, other, _note = row
            category = f"HW{waste[-2:]}" if waste[0].isdigit() else waste
            key = (code, category, f"{period}-01")
            figures[key][FLOW_BY_NAME[flow]][other] = float(quantity)
    return figures


def _weighed(city) -> dict[tuple, float]:
    sums: dict[tuple, float] = defaultdict(float)
    for code, batches in city.tickets.items():
        for item in (item for batch in batches for item in batch):
            sums[(code, item["category"], item["weighed_at"][:7] + "-01")] += item["net_t"]
    return sums


def test_it_is_deterministic_for_a_seed(tmp_path):
    first, again = city_generate(seed=3, months=5, enterprises=11), small()
    assert first.ledgers == city_generate(seed=3, months=5, enterprises=11).ledgers
    city_write(first, tmp_path / "a")
    city_write(city_generate(seed=3, months=5, enterprises=11), tmp_path / "b")
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.*"))
    assert files
    for name in files:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    assert again.ledgers != first.ledgers


def test_every_file_goes_through_the_real_services(db, catalogue, staff_admin):
    city = small()
    report = city_load(city, actor=staff_admin)
    assert report.ledger_files_ingested == len(city.ledgers)
    assert set(UploadBatch.objects.values_list("status", flat=True)) == {"ingested"}
    assert LedgerEntry.objects.count() == report.ledger_rows == city.ledger_rows()
    assert WeighTicket.objects.count() == report.tickets_accepted == city.ticket_count()
    assert Manifest.objects.filter(received_at__isnull=False).count() == len(city.manifests)
    assert Enterprise.objects.filter(outside_park_boundary=True).count() == 0
    again = city_load(city, actor=staff_admin)  # nothing twice
    assert (again.ledger_files_ingested, again.tickets_accepted, again.manifests_created) == (
        0,
        0,
        0,
    )
    assert again.ledger_files_already_loaded == len(city.ledgers)


def test_ledgers_balance_and_carry_their_stock():
    city = small()
    figures = _figures(city)
    broken = {(x.credit_code, x.category, x.period.isoformat()) for x in city.labels}
    for (code, category, period), flows in figures.items():
        inflow = sum(sum(flows[f].values()) for f in ("opening_stock", "generated", "received"))
        outflow = sum(
            sum(flows[f].values())
            for f in ("utilised", "disposed", "transferred_out", "closing_stock")
        )
        assert abs(inflow - outflow) < 0.01, (code, category, period)
    for (code, category, period), flows in figures.items():
        month = int(period[5:7])
        before = f"{period[:4]}-{month - 1:02d}-01" if month > 1 else f"{int(period[:4]) - 1}-12-01"
        previous = figures.get((code, category, before))
        if previous and (code, category, period) not in broken:
            assert previous["closing_stock"][""] == pytest.approx(flows["opening_stock"][""])


def test_tickets_add_up_to_transfers_in_clean_months():
    city = larger()
    figures, weighed = _figures(city), _weighed(city)
    labelled = {
        (x.credit_code, x.category, x.period.isoformat())
        for x in city.labels
        if x.kind in TICKET_KINDS
    }
    checked = 0
    for key, flows in figures.items():
        reported = sum(flows["transferred_out"].values())
        if key in labelled or not reported:
            continue
        assert weighed[key] == pytest.approx(reported, rel=0.02, abs=0.01), key
        checked += 1
    assert checked > 100
    for item in (i for batches in city.tickets.values() for b in batches for i in b):
        assert 12 <= item["tare_t"] <= 18
        assert Decimal(str(item["gross_t"])) - Decimal(str(item["tare_t"])) == Decimal(
            str(item["net_t"])
        )
        assert item["weighed_at"].endswith("+08:00")
    assert all(len(batch) <= 1000 for batches in city.tickets.values() for batch in batches)


def test_every_anomaly_kind_and_hard_negative_is_present():
    city = larger()
    assert set(Counter(x.kind for x in city.labels)) == set(ANOMALY_KINDS)
    assert set(Counter(x.kind for x in city.hard_negatives)) == set(HARD_NEGATIVE_KINDS)
    negatives = {(x.credit_code, x.category, x.period) for x in city.hard_negatives}
    assert not negatives & {(x.credit_code, x.category, x.period) for x in city.labels}


def test_labels_point_at_existing_enterprises_categories_and_months():
    city = larger()
    figures = _figures(city)
    codes = {e["credit_code"] for e in city.enterprises}
    for code in codes:
        validate_credit_code(code)
    for item in [*city.labels, *city.hard_negatives]:
        assert (item.credit_code, item.category, item.period.isoformat()) in figures, item
    manifests = {m["number"]: m for m in city.manifests}
    for label in city.labels:
        key = (label.credit_code, label.category, label.period.isoformat())
        if label.kind == "manifest_discrepancy":
            for number in label.detail["manifests"]:
                shipped = float(manifests[number]["quantity_shipped_t"])
                received = float(manifests[number]["quantity_received_t"])
                assert abs(received - shipped) >= 0.15 * shipped
        if label.kind == "counterparty_mismatch":
            other = label.detail["counterparty"]
            sender, receiver = (
                (label.credit_code, other)
                if other in figures[key]["transferred_out"]
                else (other, label.credit_code)
            )
            said = figures[(sender, *key[1:])]["transferred_out"][receiver]
            got = figures[(receiver, *key[1:])]["received"][sender]
            assert abs(got - said) >= 0.2 * said
        if label.kind == "phantom_transfer":
            receiver = label.detail["counterparty"]
            assert figures[key]["transferred_out"][receiver] > 0
            assert not any(
                label.credit_code in flows["received"]
                for (code, *_rest), flows in figures.items()
                if code == receiver
            )
        if label.kind == "measured_vs_reported":
            reported = sum(figures[key]["transferred_out"].values())
            assert abs(_weighed(city)[key] - reported) >= 0.2 * _weighed(city)[key]


def test_city_write_writes_the_files(tmp_path):
    city = small()
    city_write(city, tmp_path)
    assert len(list((tmp_path / "ledgers").glob("*.csv"))) == len(city.ledgers)
    batches = list((tmp_path / "tickets").rglob("*.json"))
    assert sum(len(json.loads(p.read_text())) for p in batches) == city.ticket_count()
    assert len(json.loads((tmp_path / "manifests.json").read_text())) == len(city.manifests)
    with (tmp_path / "labels.csv").open() as handle:
        assert len(list(csv.DictReader(handle))) == len(city.labels)
    for name in ("hard_negatives.csv", "economic_figures.csv", "registry.json", "city.json"):
        assert (tmp_path / name).stat().st_size > 0


def test_the_command_writes_and_loads_a_city(db, catalogue, staff_admin, tmp_path, capsys):
    call_command(
        "generate_city",
        *("--seed", "2", "--months", "4", "--enterprises", "11", "--output", str(tmp_path)),
        *("--load", "--as", staff_admin.username),
    )
    out = capsys.readouterr().out
    assert "ledger files" in out and "Loaded:" in out
    assert (tmp_path / "labels.csv").exists()
    assert not UploadBatch.objects.exclude(status="ingested").exists()
