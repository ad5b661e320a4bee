"""Labelled anomalies and the hard negatives around them. Changes of what is really generated
(spike, level shift) are set before the city runs; misreporting, manifest, weighbridge and
filing faults are applied to what is filed and weighed afterwards. Every cell an anomaly
touches is labelled, and no cell carries two anomalies."""

from collections.abc import Callable
from datetime import date, datetime, time, timedelta

import numpy as np

from detection.synthetic.independent.files import Reported
from detection.synthetic.independent.flows import (
    BEIJING,
    Cell,
    Ticket,
    Trip,
    Truth,
    working_days_after,
)
from detection.synthetic.independent.plants import Plant, Source
from detection.synthetic.independent.profiles import (
    ANOMALY_KINDS,
    FLOW,
    PEAK,
)
from detection.synthetic.model import HardNegative, Label

CellKey = tuple[str, str, int]  # credit code, waste code, month
SINGLE_CELL = (
    "spike",
    "phantom_transfer",
    "manifest_discrepancy",
    "manifest_overdue",
    "manifest_late_confirmation",
    "balance_break",
    "missing_report",
)
SINGLE_CELL_WEIGHT = 4


def category_of(code: str) -> str:
    return code if code.startswith("SW") else f"HW{code[-2:]}"


class Faults:
    def __init__(self, plants: list[Plant], months: int, periods: list[date], seed: int):
        self.plants = plants
        self.months = months
        self.periods = periods
        self.rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(13,)))
        self.labels: list[Label] = []
        self.taken: set[CellKey] = set()
        self.breaks: set[tuple[tuple[str, str], int]] = set()
        self.sources = [s for p in plants for s in p.sources if not s.residue]
        self.flowing = [
            s for s in self.sources if s.profile.pattern == FLOW and _steady_generator(s)
        ]

    # --- bookkeeping -----------------------------------------------------------------------

    def label(self, kind: str, credit: str, code: str, m: int, detail: dict) -> None:
        self.labels.append(
            Label(kind, credit, category_of(code), self.periods[m], dict(detail), code)
        )
        self.taken.add((credit, code, m))

    def pick(self, items: list):
        return items[int(self.rng.integers(len(items)))] if items else None

    def steady(self, source: Source, m: int) -> bool:
        plant = source.plant
        return m >= plant.start + plant.ramp and m not in plant.shutdowns

    # --- what really changes ---------------------------------------------------------------

    def spike(self) -> bool:
        source = self.pick(self.flowing)
        months = [m for m in range(1, self.months) if self.steady(source, m)]
        m = self.pick([m for m in months if (*source.key, m) not in self.taken])
        if m is None:
            return False
        large = bool(self.rng.random() < 0.5)
        factor = float(self.rng.uniform(2, 4) if large else self.rng.uniform(1.2, 1.6))
        source.multiplier[m] *= factor
        detail = {"factor": round(factor, 3), "size": "large" if large else "small"}
        self.label("spike", *source.key, m, detail)
        return True

    def level_shift(self) -> bool:
        source = self.pick(self.flowing)
        if self.months < 6:
            return False
        first = int(self.rng.integers(2, self.months - 3))
        length = self.months - first if self.rng.random() < 0.5 else int(self.rng.integers(4, 9))
        span = range(first, min(self.months, first + length))
        if len(span) < 4 or not all(
            self.steady(source, m) and (*source.key, m) not in self.taken for m in span
        ):
            return False
        up = bool(self.rng.random() < 0.55)
        factor = float(self.rng.uniform(1.3, 1.8) if up else self.rng.uniform(0.4, 0.7))
        detail = {
            "factor": round(factor, 3),
            "from": self.periods[first].isoformat(),
            "months": len(span),
        }
        for m in span:
            source.multiplier[m] *= factor
            self.label("level_shift", *source.key, m, detail)
        return True

    # --- what is filed ---------------------------------------------------------------------

    def attach(self, truth: Truth) -> None:
        self.truth = truth
        self.reported = Reported(
            cells={
                key: [cell.copy() if cell else None for cell in row]
                for key, row in truth.cells.items()
            }
        )
        self.generates = {s.key for p in self.plants for s in p.sources}
        self.by_code = {p.credit_code: p for p in self.plants}
        self.tickets: dict[Plant, list[Ticket]] = {}
        for trip in truth.trips:
            for ticket in trip.tickets:
                self.tickets.setdefault(ticket.plant, []).append(ticket)
        for own in self.tickets.values():
            own.sort(key=lambda t: t.when)
        self.manifested = [t for t in truth.trips if t.manifest]
        self.cell_count = sum(
            1
            for (credit, _code), row in truth.cells.items()
            if credit in self.by_code
            for cell in row
            if cell is not None
        )

    def cell(self, credit: str, code: str, m: int) -> Cell | None:
        row = self.reported.cells.get((credit, code))
        return row[m] if row else None

    def free(self, credit: str, code: str, m: int) -> bool:
        return (
            self.cell(credit, code, m) is not None
            and (credit, code, m) not in self.taken
            and (credit, code, m) not in self.reported.missing
        )

    def book(self, key: tuple[str, str], start: int) -> None:
        """Carry the filed stock from `start` on, as the enterprise's own books would."""
        row = self.reported.cells[key]
        for m in range(start, self.months):
            cell = row[m]
            if cell is None:
                continue
            if m > 0 and row[m - 1] is not None and (key, m) not in self.breaks:
                cell.opening = row[m - 1].closing
            cell.close(generates=key in self.generates)

    def window(self, source: Source, low: int, high: int, need_transfer: bool) -> range | None:
        length = int(self.rng.integers(low, high + 1))
        if self.months < length + 1:
            return None
        first = int(self.rng.integers(0, self.months - length + 1))
        span = range(first, first + length)
        if not all(self.free(*source.key, m) for m in span):
            return None
        if need_transfer and not all(self.cell(*source.key, m).transferred for m in span):
            return None
        return span

    def under_reporting(self) -> bool:
        source = self.pick([s for s in self.sources if s.plant.weighbridge])
        span = source and self.window(source, 3, 6, need_transfer=True)
        if not span:
            return False
        ratio = float(self.rng.uniform(0.4, 0.75))
        for m in span:
            cell = self.cell(*source.key, m)
            cell.generated = round(cell.generated * ratio, 3)
            cell.utilised = round(cell.utilised * ratio, 3)
            cell.disposed = round(cell.disposed * ratio, 3)
            cell.transferred = {k: round(v * ratio, 3) for k, v in cell.transferred.items()}
            self.label("under_reporting", *source.key, m, {"ratio": round(ratio, 3)})
        self.book(source.key, span[0])
        return True

    def round_reporting(self) -> bool:
        plant = self.pick([p for p in self.plants if p.tier == 0])
        large = [
            s
            for s in plant.sources
            if np.median([c.generated for c in self.reported.cells[s.key] if c] or [0]) >= 100
        ]
        if not large:
            return False
        length = int(self.rng.integers(3, 6))
        first = int(self.rng.integers(0, max(1, self.months - length + 1)))
        span = range(first, min(self.months, first + length))
        if len(span) < 3 or not all(self.free(*s.key, m) for s in large for m in span):
            return False

        def rounded(value: float) -> float:
            step = 50 if value >= 500 else 10
            return float(round(value / step) * step) if value >= 5 else value

        for source in large:
            for m in span:
                cell = self.cell(*source.key, m)
                cell.generated = rounded(cell.generated)
                cell.utilised = rounded(cell.utilised)
                cell.disposed = rounded(cell.disposed)
                cell.transferred = {k: rounded(v) for k, v in cell.transferred.items()}
                self.label("round_reporting", *source.key, m, {"steps_t": [10, 50]})
            self.book(source.key, span[0])
        return True

    def measured_vs_reported(self) -> bool:
        source = self.pick([s for s in self.sources if s.plant.weighbridge])
        span = source and self.window(source, 1, 3, need_transfer=True)
        if not span:
            return False
        large = bool(self.rng.random() < 0.5)
        gap = float(self.rng.uniform(0.15, 0.4) if large else self.rng.uniform(0.03, 0.1))
        in_house = all(
            self.cell(*source.key, m).utilised + self.cell(*source.key, m).disposed > 0
            for m in span
        )
        ratio = 1 + gap if in_house and self.rng.random() < 0.5 else 1 - gap
        for m in span:
            cell = self.cell(*source.key, m)
            before = sum(cell.transferred.values())
            cell.transferred = {k: round(v * ratio, 3) for k, v in cell.transferred.items()}
            extra = sum(cell.transferred.values()) - before
            if extra > 0:  # booked as leaving by truck instead of used or disposed on site
                take = min(extra, cell.disposed)
                cell.disposed = round(cell.disposed - take, 3)
                cell.utilised = round(max(0.0, cell.utilised - (extra - take)), 3)
            detail = {"ratio": round(ratio, 3), "size": "large" if large else "small"}
            self.label("measured_vs_reported", *source.key, m, detail)
        self.book(source.key, span[0])
        return True

    def phantom_transfer(self) -> bool:
        source = self.pick([s for s in self.flowing if not s.profile.hazardous])
        m = int(self.rng.integers(0, self.months))
        cell = source and self.cell(*source.key, m)
        if not cell or not self.free(*source.key, m) or cell.utilised + cell.disposed <= 1:
            return False
        current = {r.credit_code for r, _w in source.receivers(m)}
        ghosts = [
            p
            for p in self.plants
            if p.tier >= 1
            and source.profile.category in p.accepts
            and p.credit_code not in current
            and p.credit_code not in cell.transferred
        ]
        ghost = self.pick(ghosts)
        if ghost is None:
            return False
        share = float(self.rng.uniform(0.2, 0.6))
        tonnes = round((cell.utilised + cell.disposed) * share, 3)
        cell.utilised = round(cell.utilised * (1 - share), 3)
        cell.disposed = round(cell.disposed * (1 - share), 3)
        cell.transferred[ghost.credit_code] = tonnes
        cell.close(generates=True)
        detail = {"receiver": ghost.credit_code, "tonnes": tonnes}
        self.label("phantom_transfer", *source.key, m, detail)
        return True

    def counterparty_mismatch(self) -> bool:
        source = self.pick([s for s in self.flowing if not s.profile.hazardous])
        m = int(self.rng.integers(0, self.months))
        cell = source and self.cell(*source.key, m)
        if not cell or not self.free(*source.key, m):
            return False
        code = source.profile.waste_code
        receivers = [
            r
            for r in cell.transferred
            if r in self.by_code
            and self.free(r, code, m)
            and source.plant.credit_code in self.cell(r, code, m).received
        ]
        if not receivers:
            return False
        two = len(receivers) > 1 and self.rng.random() < 0.7
        chosen = receivers[:2] if two else [self.pick(receivers)]
        ratios = {}
        for receiver in chosen:
            ratio = 1 + float(self.rng.choice([-1, 1]) * self.rng.uniform(0.2, 0.5))
            theirs = self.cell(receiver, code, m)
            before = theirs.received[source.plant.credit_code]
            after = round(before * ratio, 3)
            theirs.received[source.plant.credit_code] = after
            name = "disposed" if theirs.disposed > 0 else "utilised"
            setattr(theirs, name, round(max(0.0, getattr(theirs, name) + after - before), 3))
            self.book((receiver, code), m)
            ratios[receiver] = round(ratio, 3)
        detail = {"sender": source.plant.credit_code, "receiver_ratios": ratios}
        self.label("counterparty_mismatch", *source.key, m, detail)
        for receiver in chosen:
            self.label("counterparty_mismatch", receiver, code, m, detail)
        return True

    def _manifest(self, receiver_cell: bool) -> Trip | None:
        """A confirmed manifest whose generator's cell (and, if asked or in the city, the
        receiver's cell) carries no anomaly yet."""
        trip = self.pick(self.manifested)
        if trip is None or not trip.manifest["received_at"]:
            return None
        if not self.free(trip.sender.credit_code, trip.waste_code, trip.month):
            return None
        if (receiver_cell or trip.receiver.in_city) and not (
            trip.receiver.in_city
            and self.free(trip.receiver.credit_code, trip.waste_code, trip.month)
        ):
            return None
        return trip

    def manifest_discrepancy(self) -> bool:
        trip = self._manifest(receiver_cell=False)
        if trip is None:
            return False
        short = self.rng.random() < 0.8
        ratio = 1 - self.rng.uniform(0.12, 0.35) if short else 1 + self.rng.uniform(0.12, 0.25)
        shipped = float(trip.manifest["quantity_shipped_t"])
        received = round(shipped * float(ratio), 3)
        before = float(trip.manifest["quantity_received_t"])
        trip.manifest["quantity_received_t"] = f"{received:.3f}"
        detail = {"manifest": trip.manifest["number"], "ratio": round(received / shipped, 3)}
        self.label(
            "manifest_discrepancy", trip.sender.credit_code, trip.waste_code, trip.month, detail
        )
        if trip.receiver.in_city:
            theirs = self.cell(trip.receiver.credit_code, trip.waste_code, trip.month)
            sender = trip.sender.credit_code
            theirs.received[sender] = round(theirs.received[sender] + received - before, 3)
            name = "disposed" if theirs.disposed > 0 else "utilised"
            setattr(theirs, name, round(max(0.0, getattr(theirs, name) + received - before), 3))
            self.book((trip.receiver.credit_code, trip.waste_code), trip.month)
            self.label(
                "manifest_discrepancy",
                trip.receiver.credit_code,
                trip.waste_code,
                trip.month,
                detail,
            )
        return True

    def manifest_overdue(self) -> bool:
        trip = self._manifest(receiver_cell=False)
        if trip is None:
            return False
        trip.manifest["received_at"] = None
        detail = {"manifest": trip.manifest["number"]}
        self.label("manifest_overdue", trip.sender.credit_code, trip.waste_code, trip.month, detail)
        return True

    def manifest_late_confirmation(self) -> bool:
        trip = self._manifest(receiver_cell=True)
        if trip is None:
            return False
        days = int(self.rng.integers(6, 16))
        received = trip.manifest["received_at"]
        day = working_days_after(self.truth.workdays, received.date(), days)
        minute = int(self.rng.integers(9 * 60, 17 * 60))
        trip.manifest["confirmed_at"] = datetime.combine(
            day, time(minute // 60, minute % 60), tzinfo=BEIJING
        )
        detail = {"manifest": trip.manifest["number"], "working_days": days}
        self.label(
            "manifest_late_confirmation",
            trip.receiver.credit_code,
            trip.waste_code,
            trip.month,
            detail,
        )
        return True

    # --- weighbridges ----------------------------------------------------------------------

    def _ticket_window(self, receivers: bool, days: int) -> tuple[Plant, list[Ticket]] | None:
        pool = [p for p in self.tickets if (p.tier >= 1) == receivers]
        plant = self.pick(pool)
        if plant is None:
            return None
        own = self.tickets[plant]
        start = own[int(self.rng.integers(len(own)))].when
        end = start + timedelta(days=days)
        chosen = [t for t in own if start <= t.when < end]
        cells = {(plant.credit_code, t.waste_code, t.month) for t in chosen}
        if len(chosen) < 3 or not all(self.free(*cell) for cell in cells):
            return None
        return plant, chosen

    def _label_tickets(self, kind: str, plant: Plant, tickets: list[Ticket], detail: dict) -> None:
        for cell in sorted({(plant.credit_code, t.waste_code, t.month) for t in tickets}):
            self.label(kind, *cell, detail)

    def stuck_sensor(self) -> bool:
        found = self._ticket_window(self.rng.random() < 0.25, int(self.rng.integers(3, 9)))
        if not found or len({t.category for t in found[1]}) < 2:
            return False
        plant, tickets = found
        stuck = tickets[0].net
        for ticket in tickets:
            ticket.gross = round(ticket.tare + stuck, 3)
        detail = {
            "net_t": stuck,
            "from": tickets[0].when.date().isoformat(),
            "tickets": len(tickets),
        }
        self._label_tickets("stuck_sensor", plant, tickets, detail)
        return True

    def duplicated_tickets(self) -> bool:
        found = self._ticket_window(self.rng.random() < 0.25, int(self.rng.integers(1, 4)))
        if not found:
            return False
        plant, tickets = found
        copies = []
        for ticket in tickets:
            if self.rng.random() < 0.6:
                later = ticket.when + timedelta(minutes=int(self.rng.integers(1, 10)))
                copies.append(Ticket(**{**ticket.__dict__, "when": later}))
        if not copies:
            return False
        self.tickets[plant].extend(copies)
        self.tickets[plant].sort(key=lambda t: t.when)
        detail = {"copies": len(copies), "from": tickets[0].when.date().isoformat()}
        self._label_tickets("duplicated_tickets", plant, copies, detail)
        return True

    def device_gap(self) -> bool:
        working = int(self.rng.integers(5, 16))
        found = self._ticket_window(self.rng.random() < 0.4, working * 7 // 5)
        if not found:
            return False
        plant, tickets = found
        silent = set(map(id, tickets))
        self.tickets[plant] = [t for t in self.tickets[plant] if id(t) not in silent]
        detail = {"working_days": working, "from": tickets[0].when.date().isoformat()}
        self._label_tickets("device_gap", plant, tickets, detail)
        return True

    # --- stock and filing ------------------------------------------------------------------

    def balance_break(self) -> bool:
        key = self.pick(list(self.reported.cells))
        m = int(self.rng.integers(1, self.months))
        cell, previous = self.cell(*key, m), self.cell(*key, m - 1)
        if not self.free(*key, m) or previous is None or previous.closing < 20:
            return False
        if (*key, m - 1) in self.reported.missing or key[0] not in self.by_code:
            return False
        ratio = 1 + float(self.rng.choice([-1, 1]) * self.rng.uniform(0.05, 0.3))
        cell.opening = round(previous.closing * ratio, 3)
        self.breaks.add((key, m))
        self.book(key, m)
        self.label("balance_break", *key, m, {"ratio": round(ratio, 3)})
        return True

    def missing_report(self) -> bool:
        key = self.pick([k for k in self.reported.cells if k[0] in self.by_code])
        m = int(self.rng.integers(0, self.months - 1))
        if not self.free(*key, m) or self.cell(*key, m + 1) is None:
            return False
        self.reported.missing.add((*key, m))
        self.label("missing_report", *key, m, {"filed_again": self.periods[m + 1].isoformat()})
        return True

    def late_report(self) -> bool:
        plant = self.pick(self.plants)
        m = int(self.rng.integers(1, self.months))
        codes = [code for credit, code in self.reported.cells if credit == plant.credit_code]
        cells = [
            (plant.credit_code, code, m) for code in codes if self.cell(plant.credit_code, code, m)
        ]
        filed_before = any(self.cell(plant.credit_code, code, m - 1) for code in codes)
        if not cells or not filed_before or not all(self.free(*c) for c in cells):
            return False
        if (plant.credit_code, m) in self.reported.late:
            return False
        days = int(self.rng.integers(5, 41))
        period = self.periods[m]
        due = date(period.year + period.month // 12, period.month % 12 + 1, 15)
        minute = int(self.rng.integers(9 * 60, 17 * 60))
        self.reported.late[(plant.credit_code, m)] = datetime.combine(
            due + timedelta(days=days), time(minute // 60, minute % 60), tzinfo=BEIJING
        )
        for cell in cells:
            self.label("late_report", *cell, {"days_after_due": days})
        return True

    # --- the whole plan --------------------------------------------------------------------

    def inject_generation(self, share: float) -> None:
        """Spikes and level shifts, before the city runs: `share` of the expected cells."""
        budget = share * sum(self.months - s.plant.start for s in self.sources) * 1.1
        self._fill(("spike", "level_shift"), budget)

    def inject_reporting(self, rate: float) -> None:
        kinds = [k for k in ANOMALY_KINDS if k not in ("spike", "level_shift")]
        self._fill(tuple(kinds), rate * self.cell_count)

    def _fill(self, kinds: tuple[str, ...], budget: float) -> None:
        """Every kind at least once, then kinds drawn in turn until `budget` cells are
        labelled; kinds that touch one cell are drawn more often than those that touch many."""
        start = len(self.taken)
        injectors: dict[str, Callable[[], bool]] = {k: getattr(self, k) for k in kinds}
        for kind in kinds:
            self._try(injectors[kind])
        draws = [k for k in kinds for _ in range(SINGLE_CELL_WEIGHT if k in SINGLE_CELL else 1)]
        while len(self.taken) - start < budget:
            if not any(self._try(injectors[k]) for k in self.rng.permutation(draws)):
                break

    @staticmethod
    def _try(injector: Callable[[], bool], attempts: int = 200) -> bool:
        return any(injector() for _ in range(attempts))

    # --- hard negatives --------------------------------------------------------------------

    def hard_negatives(self) -> list[HardNegative]:
        found: set[tuple[str, str, str, int]] = set()

        def add(kind: str, credit: str, code: str, m: int) -> None:
            if 0 <= m < self.months and self.cell(credit, code, m) is not None:
                found.add((kind, credit, code, m))

        for source in self.sources:
            plant, credit, code = source.plant, *source.key
            for m in range(self.months):
                if source.profile.pattern != FLOW:
                    add("batch_generation", credit, code, m)
                if m in plant.shutdowns:
                    add("shutdown", credit, code, m)
                if plant.start <= m < plant.start + plant.ramp:
                    add("rampup", credit, code, m)
                if source.profile.pattern == FLOW and (
                    plant.industry.season[self.periods[m].month - 1] >= PEAK
                ):
                    add("seasonal_peak", credit, code, m)
                cell = self.cell(credit, code, m)
                if cell and any(r not in self.by_code for r in cell.transferred):
                    add("out_of_city_receiver", credit, code, m)
            for change, receivers in source.schedule[1:]:
                add("change_of_utiliser", credit, code, change)
                before = source.receivers(change - 1)
                for receiver, _w in [*before, *receivers]:
                    add("change_of_utiliser", receiver.credit_code, code, change)
        for label in self.labels:
            plant = self.by_code.get(label.credit_code)
            m = self.periods.index(label.period)
            for source in plant.sources if plant else []:
                sibling = source.profile.waste_code
                if sibling != label.waste_code and source.profile.category == label.category:
                    add("sibling_codes", label.credit_code, sibling, m)
        return [
            HardNegative(kind, credit, category_of(code), self.periods[m], code)
            for kind, credit, code, m in sorted(found)
            if (credit, code, m) not in self.taken
        ]


def _steady_generator(source: Source) -> bool:
    """A steady generator's waste (not a new plant's): where changes of generation are read."""
    return source.plant.tier == 0 and source.plant.start == 0
