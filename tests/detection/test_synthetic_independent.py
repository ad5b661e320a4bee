"""The independent synthetic city: deterministic, valid in the platform's own formats, loaded
through the real services, with every anomaly kind labelled on cells that exist."""

import csv
import io
from collections import defaultdict
from datetime import date

import pytest
from django.core.management import call_command

from detection.synthetic import city_generate_independent, city_load
from detection.synthetic.independent import ANOMALY_KINDS, HARD_NEGATIVE_KINDS
from monitoring.ledger.columns import FLOW_BY_NAME, FLOW_SIGN
from monitoring.models import LedgerEntry, Manifest, UploadBatch, WeighTicket
from parks.models import Enterprise

SMALL = {"seed": 3, "months": 6, "enterprises": 12}


@pytest.fixture(scope="module")
def small():
    return city_generate_independent(**SMALL)


@pytest.fixture(scope="module")
def default_city():
    return city_generate_independent(seed=11)


def _rows(city):
    for name, data in city.ledgers.items():
        for row in csv.DictReader(io.StringIO(data.decode("utf-8"))):
            yield name, row


def _cells(city) -> dict[tuple[str, str, date], dict]:
    """(credit code, waste code, month) → {flow: tonnes} of every filed cell."""
    cells: dict[tuple, dict] = defaultdict(lambda: defaultdict(float))
    for _name, row in _rows(city):
        period = date.fromisoformat(row["期间"] + "-01")
        flow = FLOW_BY_NAME[row["台账项目"]]
        cells[(row["统一社会信用代码"], row["废物代码"], period)][flow] += float(row["数量"])
    return cells


def test_it_is_deterministic_for_a_seed(small):
    again = city_generate_independent(**SMALL)
    assert again.ledgers == small.ledgers
    assert again.tickets == small.tickets
    assert again.manifests == small.manifests
    assert again.labels == small.labels
    assert [label.detail for label in again.labels] == [label.detail for label in small.labels]
    assert again.hard_negatives == small.hard_negatives
    assert city_generate_independent(**{**SMALL, "seed": 4}).ledgers != small.ledgers


def test_every_file_balances_per_waste_code_and_month(small):
    per_file: dict[tuple, float] = defaultdict(float)
    inflow: dict[tuple, float] = defaultdict(float)
    for name, row in _rows(small):
        flow = FLOW_BY_NAME[row["台账项目"]]
        key = (name, row["统一社会信用代码"], row["废物代码"], row["期间"])
        per_file[key] += FLOW_SIGN[flow] * float(row["数量"])
        inflow[key] += float(row["数量"]) if FLOW_SIGN[flow] > 0 else 0.0
    assert per_file
    for key, residual in per_file.items():
        assert abs(residual) <= max(0.002, 1e-6 * inflow[key]), key


def test_stock_carries_except_where_a_break_is_labelled(small):
    cells = _cells(small)
    breaks = {(lb.credit_code, lb.waste_code, lb.period) for lb in small.labels}
    for (credit, code, period), flows in cells.items():
        previous = date(period.year - (period.month == 1), (period.month - 2) % 12 + 1, 1)
        before = cells.get((credit, code, previous))
        if before is None or (credit, code, period) in breaks:
            continue
        assert flows[LedgerEntry.Flow.OPENING_STOCK] == pytest.approx(
            before[LedgerEntry.Flow.CLOSING_STOCK], abs=0.002
        ), (credit, code, period)


@pytest.mark.slow  # the default city takes about 20 s to build
def test_labels_sit_on_filed_cells_or_on_cells_missing_on_purpose(default_city):
    cells = _cells(default_city)
    for label in default_city.labels:
        cell = (label.credit_code, label.waste_code, label.period)
        assert label.waste_code and label.category in (
            label.waste_code,
            f"HW{label.waste_code[-2:]}",
        )
        assert label.detail
        if label.kind == "missing_report":
            assert cell not in cells
            later = [c for c in cells if c[:2] == cell[:2] and c[2] > label.period]
            assert later
        else:
            assert cell in cells, label
    for negative in default_city.hard_negatives:
        assert (negative.credit_code, negative.waste_code, negative.period) in cells


@pytest.mark.slow  # the default city takes about 20 s to build
def test_every_kind_is_present_at_default_size(default_city):
    kinds = {label.kind for label in default_city.labels}
    assert kinds == set(ANOMALY_KINDS)
    assert {n.kind for n in default_city.hard_negatives} == set(HARD_NEGATIVE_KINDS)
    labelled = {(lb.credit_code, lb.waste_code, lb.period) for lb in default_city.labels}
    assert 0.03 <= len(labelled) / len(_cells(default_city)) <= 0.08
    assert not labelled & {
        (n.credit_code, n.waste_code, n.period) for n in default_city.hard_negatives
    }


@pytest.mark.slow  # the default city takes about 20 s to build
def test_the_city_has_outsiders_siblings_and_plain_weighings(default_city):
    outside = [e for e in default_city.enterprises if e["park"] is None]
    assert len(outside) == 8
    assert not {e["credit_code"] for e in outside} & set(default_city.tickets)
    assert {m["receiver"] for m in default_city.manifests} & {e["credit_code"] for e in outside}
    hazardous_codes = defaultdict(set)
    for credit, code, _period in _cells(default_city):
        if not code.startswith("SW"):
            hazardous_codes[(credit, code[-2:])].add(code)
    assert sum(len(codes) >= 2 for codes in hazardous_codes.values()) >= 10
    nets = [
        item["net_t"] for batches in default_city.tickets.values() for b in batches for item in b
    ]
    assert all(net != round(net) for net in nets)
    assert all(len(batch) <= 1000 for batches in default_city.tickets.values() for batch in batches)


@pytest.mark.slow
def test_a_small_city_loads_through_the_real_services_and_twice_adds_nothing(
    db, catalogue, staff_admin, small
):
    report = city_load(small, actor=staff_admin)
    assert report.ledger_files_ingested == len(small.ledgers)
    assert report.tickets_accepted == small.ticket_count()
    assert report.manifests_created == len(small.manifests)
    assert Enterprise.objects.filter(park__isnull=True).count() == 8
    assert WeighTicket.objects.count() == small.ticket_count()
    late = {name: when for name, when in small.ledger_received.items() if "late" in name}
    assert late
    for name, when in late.items():
        assert UploadBatch.objects.get(original_name=name).uploaded_at == when
    again = city_load(small, actor=staff_admin)
    assert again.ledger_files_ingested == again.manifests_created == 0
    assert again.tickets_accepted == again.enterprises_created == 0
    assert Manifest.objects.count() == len(small.manifests)


@pytest.mark.slow
def test_the_command_writes_the_independent_city(db, catalogue, tmp_path, capsys):
    call_command(
        "generate_city",
        "--generator",
        "independent",
        "--months",
        "6",
        "--enterprises",
        "12",
        "--output",
        str(tmp_path),
    )
    assert "Labels:" in capsys.readouterr().out
    assert any(tmp_path.rglob("*.csv"))
    labels = (tmp_path / "labels.csv").read_text(encoding="utf-8-sig")
    assert "waste_code" in labels.splitlines()[0]
    assert "_late.csv" in (tmp_path / "ledger_received.csv").read_text(encoding="utf-8-sig")
