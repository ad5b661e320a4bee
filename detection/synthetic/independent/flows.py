"""The true city, month by month: output value, generation, stock, in-house use and disposal,
and every truck that leaves (weighed at both ends where there is a weighbridge, with a
manifest for hazardous waste). Ledger figures here are what an honest enterprise reports."""

import bisect
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import chinese_calendar
import numpy as np

from detection.synthetic.independent.plants import Plant, Source, credit_code, plate
from detection.synthetic.independent.profiles import FLOW, TRANSPORTERS

BEIJING = ZoneInfo("Asia/Shanghai")
GENERAL_LOAD_T = (15.0, 40.0)
HAZARDOUS_LOAD_T = (2.5, 15.0)


@dataclass
class Cell:
    """One enterprise's figures of one waste code in one month (tonnes)."""

    opening: float = 0.0
    generated: float = 0.0
    received: dict[str, float] = field(default_factory=dict)  # sender → t
    utilised: float = 0.0
    disposed: float = 0.0
    transferred: dict[str, float] = field(default_factory=dict)  # receiver → t
    closing: float = 0.0

    def copy(self) -> "Cell":
        return replace(self, received=dict(self.received), transferred=dict(self.transferred))

    def close(self, generates: bool = False) -> None:
        """Closing stock from the month's flows (3 decimals). A deficit (misreported figures
        carried into later months) comes off in-house use and disposal, then is booked as
        generated (or, where nothing is generated, off the transfers), so every month still
        balances within itself."""
        self.closing = round(
            self.opening
            + self.generated
            + sum(self.received.values())
            - self.utilised
            - self.disposed
            - sum(self.transferred.values()),
            3,
        )
        if self.closing < 0:
            for name in ("disposed", "utilised"):
                take = min(getattr(self, name), -self.closing)
                setattr(self, name, round(getattr(self, name) - take, 3))
                self.closing = round(self.closing + take, 3)
            if self.closing < 0 and generates:
                self.generated = round(self.generated - self.closing, 3)
                self.closing = 0.0
            elif self.closing < 0:
                total = sum(self.transferred.values())
                keep = max(0.0, total + self.closing) / total if total else 0.0
                self.transferred = {k: round(v * keep, 3) for k, v in self.transferred.items()}
                self.close()


@dataclass(eq=False)
class Ticket:
    plant: Plant  # whose weighbridge
    waste_code: str  # the ledger line it belongs to (tickets carry the category only)
    category: str
    month: int
    when: datetime
    direction: str
    gross: float
    tare: float
    vehicle: str
    counterparty: str

    @property
    def net(self) -> float:
        return round(self.gross - self.tare, 3)


@dataclass(eq=False)
class Trip:
    sender: Plant
    receiver: Plant
    waste_code: str
    category: str
    month: int
    when: datetime
    net: float  # true tonnes, as the sender books them
    received: float  # as the receiver books them
    vehicle: str
    manifest: dict | None = None
    tickets: list[Ticket] = field(default_factory=list)


@dataclass
class Truth:
    periods: list[date]
    output: dict[Plant, np.ndarray]  # 万元, NaN before a plant operates
    value_added: dict[Plant, np.ndarray]
    cells: dict[tuple[str, str], list[Cell | None]]
    trips: list[Trip]
    workdays: list[date]


def periods_until(last: tuple[int, int], months: int) -> list[date]:
    year, month = last
    periods = []
    for _ in range(months):
        periods.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return periods[::-1]


def _workdays(first: date, last: date) -> list[date]:
    days, day = [], first
    while day <= last:
        try:
            working = chinese_calendar.is_workday(day)
        except NotImplementedError:  # a year the installed calendar does not cover
            working = day.weekday() < 5
        if working:
            days.append(day)
        day += timedelta(days=1)
    return days


def working_days_after(workdays: list[date], day: date, count: int) -> date:
    index = bisect.bisect_right(workdays, day) + count - 1
    return workdays[index] if index < len(workdays) else day + timedelta(days=count * 7 // 5 + 1)


def _economy(plant: Plant, periods: list[date]) -> tuple[np.ndarray, np.ndarray]:
    rng = plant.rng
    season = np.array(plant.industry.season)
    growth = float(rng.uniform(-0.04, 0.08))
    output = np.full(len(periods), np.nan)
    wobble = 0.0
    for m, period in enumerate(periods):
        wobble = 0.6 * wobble + float(rng.normal(0, 0.035))
        if not plant.operating(m):
            continue
        factor = season[period.month - 1] * (1 + growth) ** (m / 12) * np.exp(wobble)
        if m < plant.start + plant.ramp:
            factor *= 0.2 + 0.8 * (m - plant.start + 1) / (plant.ramp + 1)
        factor *= plant.shutdowns.get(m, 1.0)
        output[m] = round(plant.capacity * factor, 2)
    added = np.round(
        output * plant.value_added_ratio * np.exp(rng.normal(0, 0.03, len(periods))), 2
    )
    return output, added


class _Simulation:
    def __init__(self, plants: list[Plant], outsiders: list[Plant], periods: list[date], seed: int):
        self.plants = plants
        self.outsiders = outsiders
        self.periods = periods
        last = periods[-1]
        after = date(last.year + (last.month + 2) // 12, (last.month + 2) % 12 + 1, 1)
        self.workdays = _workdays(periods[0], after)
        self.month_days = defaultdict(list)
        for day in self.workdays:
            self.month_days[(day.year, day.month)].append(day)
        self.cells: dict[tuple[str, str], list[Cell | None]] = {}
        self.trips: list[Trip] = []
        self.tares: dict[str, float] = {}
        self.receipt_codes: dict[Plant, set[str]] = defaultdict(set)
        rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(7,)))
        self.transporters = [
            (name, credit_code(rng, division), [plate(rng, "蒙B") for _ in range(8)])
            for name, division in TRANSPORTERS
        ]
        self.output: dict[Plant, np.ndarray] = {}
        self.value_added: dict[Plant, np.ndarray] = {}
        for plant in plants:
            self.output[plant], self.value_added[plant] = _economy(plant, periods)

    def run(self) -> Truth:
        months = len(self.periods)
        for m in range(months):
            intake: dict[tuple[Plant, str], dict[str, float]] = defaultdict(
                lambda: defaultdict(float)
            )
            for plant in self.plants:
                for source in plant.sources:
                    if not source.residue:
                        self._source_month(source, m, intake, treated=0.0)
            for tier in (1, 2):
                for plant in self.plants:
                    if plant.tier != tier:
                        continue
                    treated = self._receiver_month(plant, m, intake)
                    for source in plant.sources:
                        if source.residue:
                            self._source_month(source, m, intake, treated=treated)
        return Truth(
            self.periods, self.output, self.value_added, self.cells, self.trips, self.workdays
        )

    # --- generators ------------------------------------------------------------------------

    def _row(self, key: tuple[str, str]) -> list[Cell | None]:
        return self.cells.setdefault(key, [None] * len(self.periods))

    def _source_month(self, source: Source, m: int, intake, treated: float) -> None:
        plant, profile = source.plant, source.profile
        row = self._row(source.key)
        if not plant.operating(m):
            return
        rng = plant.rng
        output = float(self.output[plant][m])
        noise = float(np.exp(rng.normal(0, source.noise) - source.noise**2 / 2))
        if source.residue:
            base = source.intensity * treated * noise
        elif profile.pattern == FLOW:
            base = source.intensity * output * noise
        elif m in source.batch_months:
            since = max([b for b in source.batch_months if b < m] + [plant.start - 1, -1])
            window = self.output[plant][since + 1 : m + 1]
            base = source.intensity * float(np.nansum(window)) * noise
            if since < 0:  # the first batch of the series also covers the months before it
                base *= 1 + float(rng.uniform(0, 1.5))
        else:
            base = 0.0
        generated = base * float(source.multiplier[m])
        previous = row[m - 1] if m > 0 else None
        if previous is not None:
            opening = previous.closing
        elif m == 0 and plant.start == 0:
            typical = source.intensity * plant.capacity * max(profile.stock_months, 0.3)
            opening = typical * float(rng.uniform(0.4, 1.4)) if source.lot == 0 else 0.0
            opening = opening or source.lot * float(rng.uniform(0, 0.6))
        else:
            opening = 0.0
        cell = Cell(opening=round(opening, 3), generated=round(generated, 3))
        receivers = source.receivers(m)
        shares = profile.utilised + profile.disposed
        if profile.hazardous:
            available = cell.opening + cell.generated
            ready = available >= source.lot and available > 0.05
            transfer = available * float(rng.uniform(0.9, 1.0)) if receivers and ready else 0.0
            if not receivers:  # no licensed receiver in reach: treated in-house
                cell.disposed = round(max(0.0, available - source.lot * 0.3), 3)
        else:
            target = profile.stock_months * base * float(rng.uniform(0.7, 1.3))
            total = max(0.0, cell.opening + cell.generated - target)
            usual = max(0.0, cell.opening + base - target)
            if not receivers:
                transfer = 0.0
            elif shares > 0:
                transfer = min(profile.transferred * usual, total)
            else:
                transfer = total
            in_house = total - transfer
            used = in_house * profile.utilised / shares if shares > 0 else 0.0
            cell.utilised = round(used, 3)
            cell.disposed = round(in_house - used, 3)
        if transfer > 0:
            weights = np.array([w for _r, w in receivers])
            for (receiver, _w), part in zip(receivers, weights / weights.sum(), strict=True):
                shipped = self._ship(source, receiver, transfer * float(part), m, intake)
                if shipped:
                    cell.transferred[receiver.credit_code] = shipped
        cell.close()
        row[m] = cell

    def _ship(self, source: Source, receiver: Plant, tonnes: float, m: int, intake) -> float:
        """Trucks of one month to one receiver; what the sender books (the sum of the loads)."""
        sender, profile = source.plant, source.profile
        rng = sender.rng
        hazardous, category = profile.hazardous, profile.category
        low, high = HAZARDOUS_LOAD_T if hazardous else GENERAL_LOAD_T
        loads = max(1, round(tonnes / float(rng.uniform(low, high))))
        parts = rng.uniform(0.75, 1.25, loads)
        nets = np.round(tonnes * parts / parts.sum(), 3)
        period = self.periods[m]
        days = self.month_days[(period.year, period.month)]
        day_picks = rng.integers(len(days), size=loads)
        minutes = rng.integers(7 * 60 + 30, 17 * 60 + 30, size=loads)
        if hazardous:
            fleets = [
                self.transporters[int(i)] for i in rng.integers(len(self.transporters), size=loads)
            ]
        else:
            fleet = receiver.fleet if receiver.outsider else sender.fleet
        vehicle_picks = rng.integers(0, 1 << 30, size=loads)
        total = 0.0
        for i in range(loads):
            net = float(nets[i])
            if net < 0.01:
                continue
            if net == round(net):  # a weighing is never a round number of tonnes
                net = round(net + 0.007, 3)
            day = days[day_picks[i]]
            minute = int(minutes[i])
            when = datetime.combine(day, time(minute // 60, minute % 60), tzinfo=BEIJING)
            if hazardous:
                transporter = fleets[i]
                vehicle = transporter[2][vehicle_picks[i] % len(transporter[2])]
            else:
                vehicle = fleet[vehicle_picks[i] % len(fleet)]
            tare = self.tares.setdefault(vehicle, round(float(rng.uniform(12.5, 18.5)), 3))
            trip = Trip(sender, receiver, profile.waste_code, category, m, when, net, 0.0, vehicle)
            if sender.weighbridge:
                trip.tickets.append(self._weighing(trip, sender, "out", when, tare))
            inbound = None
            if receiver.in_city and receiver.weighbridge:
                arrival = when + timedelta(minutes=int(rng.integers(25, 110)))
                inbound = self._weighing(trip, receiver, "in", arrival, tare)
                trip.tickets.append(inbound)
            if hazardous:
                trip.received = round(net * (1 + float(rng.uniform(-0.004, 0.004))), 3)
                confirmed = working_days_after(self.workdays, day, int(rng.integers(1, 5)))
                minute = int(rng.integers(9 * 60, 17 * 60 + 30))
                trip.manifest = {
                    "generator": sender.credit_code,
                    "receiver": receiver.credit_code,
                    "transporter_name": transporter[0],
                    "transporter_credit_code": transporter[1],
                    "vehicle": vehicle,
                    "category": category,
                    "waste_code": profile.waste_code,
                    "quantity_shipped_t": f"{net:.3f}",
                    "shipped_at": when,
                    "received_at": datetime.combine(
                        confirmed, time(minute // 60, minute % 60), tzinfo=BEIJING
                    ),
                    "quantity_received_t": f"{trip.received:.3f}",
                }
            elif inbound is not None:
                trip.received = inbound.net
            else:
                trip.received = round(net * (1 + float(rng.normal(0, 0.003))), 3)
            intake[(receiver, profile.waste_code)][sender.credit_code] += trip.received
            self.trips.append(trip)
            total += net
        return round(total, 3)

    def _weighing(self, trip: Trip, plant: Plant, direction: str, when: datetime, tare: float):
        rng = plant.rng
        net = round(trip.net * (1 + plant.scale_bias + float(rng.normal(0, 0.002))), 3)
        if net == round(net):
            net = round(net + 0.003, 3)
        tare = round(tare + float(rng.normal(0, 0.015)), 3)
        counterparty = trip.receiver if direction == "out" else trip.sender
        return Ticket(
            plant=plant,
            waste_code=trip.waste_code,
            category=trip.category,
            month=trip.month,
            when=when,
            direction=direction,
            gross=round(tare + net, 3),
            tare=tare,
            vehicle=trip.vehicle,
            counterparty=counterparty.credit_code,
        )

    # --- receivers -------------------------------------------------------------------------

    def _receiver_month(self, plant: Plant, m: int, intake) -> float:
        """Book the month's receipts and treat them; returns the hazardous tonnes disposed
        (what an incinerator's residue is proportional to)."""
        rng = plant.rng
        codes = self.receipt_codes[plant]
        codes |= {code for (receiver, code) in intake if receiver is plant}
        treated = 0.0
        for code in sorted(codes):
            row = self._row((plant.credit_code, code))
            previous = row[m - 1] if m > 0 else None
            received = {k: round(v, 3) for k, v in intake.get((plant, code), {}).items()}
            opening = previous.closing if previous is not None else 0.0
            if opening <= 0 and not received:
                continue
            total = opening + sum(received.values())
            out = round(total * float(rng.uniform(0.86, 0.97)) if received else opening, 3)
            cell = Cell(opening=opening, received=received)
            if plant.industry.disposes:
                cell.disposed = out
                treated += out if not code.startswith("SW") else 0.0
            else:
                cell.utilised = out
            cell.close()
            row[m] = cell
        return treated


def simulate(plants: list[Plant], outsiders: list[Plant], periods: list[date], seed: int) -> Truth:
    return _Simulation(plants, outsiders, periods, seed).run()
