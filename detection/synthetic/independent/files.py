"""The city as the platform receives it: ledger files per park and month (and the odd
enterprise filing its own, some late), weighbridge batches, manifests, economic figures."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import numpy as np

from detection.synthetic.independent.flows import BEIJING, Cell, Ticket, Trip, Truth
from detection.synthetic.independent.plants import Plant
from monitoring.ledger.columns import FLOW_NAMES_ZH, Flow
from monitoring.ledger.synthetic import ledger_csv
from parks.economics import COLUMNS as FIGURE_COLUMNS
from wastewatch.tabular_write import csv_bytes

TICKET_BATCH = 1000
MANIFEST_SERIAL_START = 300001  # the prefecture's serials of these manifests, each year


@dataclass
class Reported:
    """What the enterprises file: their cells (possibly misreported), the cells left out on
    purpose, and the months an enterprise filed late (credit code, month → received)."""

    cells: dict[tuple[str, str], list[Cell | None]]
    missing: set[tuple[str, str, int]] = field(default_factory=set)
    late: dict[tuple[str, int], datetime] = field(default_factory=dict)


def _cell_rows(credit: str, code: str, period: str, cell: Cell, generates: bool) -> list:
    def row(flow: Flow, tonnes: float, other: str = "") -> list[str]:
        return [credit, period, code, FLOW_NAMES_ZH[flow], f"{tonnes:.3f}", "t", other, ""]

    rows = [row(Flow.OPENING_STOCK, cell.opening)]
    if generates:
        rows.append(row(Flow.GENERATED, cell.generated))
    rows += [row(Flow.RECEIVED, t, sender) for sender, t in sorted(cell.received.items()) if t > 0]
    if cell.utilised > 0:
        rows.append(row(Flow.UTILISED, cell.utilised))
    if cell.disposed > 0:
        rows.append(row(Flow.DISPOSED, cell.disposed))
    rows += [
        row(Flow.TRANSFERRED_OUT, t, receiver)
        for receiver, t in sorted(cell.transferred.items())
        if t > 0
    ]
    rows.append(row(Flow.CLOSING_STOCK, cell.closing))
    return rows


def _received_at(rng: np.random.Generator, period: date, first: int, last: int) -> datetime:
    following = date(period.year + period.month // 12, period.month % 12 + 1, 1)
    day = following + timedelta(days=int(rng.integers(first - 1, last)))
    minute = int(rng.integers(9 * 60, 17 * 60 + 30))
    return datetime.combine(day, time(minute // 60, minute % 60), tzinfo=BEIJING)


def ledger_files(
    plants: list[Plant], truth: Truth, reported: Reported, seed: int
) -> tuple[dict[str, bytes], dict[str, datetime]]:
    """(file name → CSV, file name → when it was received); names sort chronologically."""
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(11,)))
    own_codes = {
        plant.credit_code: {s.profile.waste_code for s in plant.sources} for plant in plants
    }
    by_plant: dict[str, list[str]] = defaultdict(list)
    for credit, code in reported.cells:
        by_plant[credit].append(code)
    files: dict[str, list] = defaultdict(list)
    received: dict[str, datetime] = {}
    for m, period in enumerate(truth.periods):
        month = f"{period:%Y-%m}"
        for plant in plants:
            rows = []
            for code in sorted(by_plant[plant.credit_code]):
                cell = reported.cells[(plant.credit_code, code)][m]
                if cell is None or (plant.credit_code, code, m) in reported.missing:
                    continue
                generates = code in own_codes[plant.credit_code]
                rows += _cell_rows(plant.credit_code, code, month, cell, generates)
            if not rows:
                continue
            late = reported.late.get((plant.credit_code, m))
            if late is not None:
                name = f"{month}_{plant.park}_{plant.credit_code}_late.csv"
                received[name] = late
            elif plant.own_filer:
                name = f"{month}_{plant.park}_{plant.credit_code}.csv"
                received[name] = _received_at(plant.rng, period, 10, 15)
            else:
                name = f"{month}_{plant.park}.csv"
                received.setdefault(name, _received_at(rng, period, 3, 15))
            files[name] += rows
    ledgers = {name: ledger_csv(iter(rows)) for name, rows in sorted(files.items())}
    return ledgers, {name: received[name] for name in ledgers}


def economic_figures(plants: list[Plant], truth: Truth) -> bytes:
    header = [
        FIGURE_COLUMNS[key][0]
        for key in ("credit_code", "period", "output_value", "value_added", "unit")
    ]
    rows = [header]
    for plant in plants:
        output, added = truth.output[plant], truth.value_added[plant]
        for m, period in enumerate(truth.periods):
            if not np.isnan(output[m]):
                rows.append(
                    [
                        plant.credit_code,
                        f"{period:%Y-%m}",
                        f"{output[m]:.2f}",
                        f"{added[m]:.2f}",
                        "万元",
                    ]
                )
    return csv_bytes(rows, bom=False)


def ticket_batches(tickets: list[Ticket]) -> dict[str, list[list[dict]]]:
    """Each weighbridge's tickets in time order, numbered per day as a weighbridge numbers
    them, in batches of at most 1,000."""
    by_plant: dict[str, list[Ticket]] = defaultdict(list)
    for ticket in tickets:
        by_plant[ticket.plant.credit_code].append(ticket)
    batches: dict[str, list[list[dict]]] = {}
    for credit, own in sorted(by_plant.items()):
        own.sort(key=lambda t: t.when)
        per_day: dict[date, int] = defaultdict(int)
        items = []
        for ticket in own:
            day = ticket.when.date()
            per_day[day] += 1
            items.append(
                {
                    "ticket_number": f"{day:%Y%m%d}-{per_day[day]:04d}",
                    "weighed_at": ticket.when.isoformat(),
                    "category": ticket.category,
                    "direction": ticket.direction,
                    "gross_t": ticket.gross,
                    "tare_t": ticket.tare,
                    "net_t": ticket.net,
                    "vehicle": ticket.vehicle,
                    "counterparty": ticket.counterparty,
                }
            )
        batches[credit] = [items[i : i + TICKET_BATCH] for i in range(0, len(items), TICKET_BATCH)]
    return batches


def manifest_numbers(trips: list[Trip]) -> None:
    """14-digit numbers in shipping order: year, Inner Mongolia (15), Baotou (02), serial."""
    serials: dict[int, int] = defaultdict(lambda: MANIFEST_SERIAL_START)
    for trip in sorted((t for t in trips if t.manifest), key=lambda t: t.manifest["shipped_at"]):
        year = trip.manifest["shipped_at"].year
        trip.manifest["number"] = f"{year}1502{serials[year]:06d}"
        serials[year] += 1


def manifest_items(trips: list[Trip]) -> list[dict]:
    items = []
    for trip in sorted((t for t in trips if t.manifest), key=lambda t: t.manifest["number"]):
        item = dict(trip.manifest)
        item["shipped_at"] = item["shipped_at"].isoformat()
        item["received_at"] = item["received_at"].isoformat() if item["received_at"] else ""
        if item.get("confirmed_at"):
            item["confirmed_at"] = item["confirmed_at"].isoformat()
        items.append(item)
    return items
