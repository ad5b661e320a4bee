"""The simulated physical world of a synthetic city: enterprises, their output, the waste
they generate, store, use, dispose of and ship by truck, and what receivers take in.

Everything is a function of one random generator, drawn in a fixed order, so a seed always
gives the same city. Quantities are rounded to the kilogram as they are set, and each
ledger cell closes exactly: closing = opening + generated + received − used − disposed − out.
"""

import calendar
import math
import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from detection.synthetic.model import (
    INDUSTRIES,
    NAME_STEMS,
    PARKS,
    TRANSPORTERS,
    Industry,
    Waste,
)
from parks.validators import CREDIT_CODE_CHARSET, credit_code_check_character

BEIJING = ZoneInfo("Asia/Shanghai")
PLATE_CHARS = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"


def r3(value: float) -> float:
    return round(max(value, 0.0), 3) + 0.0


def credit_code(rng: random.Random, division: str) -> str:
    first17 = "91" + division + "".join(rng.choice(CREDIT_CODE_CHARSET) for _ in range(9))
    return first17 + credit_code_check_character(first17)


def plate(rng: random.Random) -> str:
    return "蒙B" + "".join(rng.choice(PLATE_CHARS) for _ in range(5))


@dataclass
class Cell:
    """One enterprise, waste and month of a ledger (tonnes)."""

    opening: float = 0.0
    generated: float = 0.0
    received: dict[str, float] = field(default_factory=dict)  # counterparty → t
    utilised: float = 0.0
    disposed: float = 0.0
    transfers: dict[str, float] = field(default_factory=dict)  # counterparty → t
    closing: float = 0.0

    def close(self) -> None:
        inflow = self.opening + self.generated + sum(self.received.values())
        outflow = self.utilised + self.disposed + sum(self.transfers.values())
        self.closing = r3(inflow - outflow)

    @property
    def onsite(self) -> float:
        return self.utilised + self.disposed

    @property
    def transferred(self) -> float:
        return sum(self.transfers.values())

    def copy(self) -> "Cell":
        return Cell(
            self.opening,
            self.generated,
            dict(self.received),
            self.utilised,
            self.disposed,
            dict(self.transfers),
            self.closing,
        )


@dataclass
class Firm:
    credit_code: str
    name: str
    industry: Industry
    industry_code: str
    park: str
    lon: float
    lat: float
    base: float  # monthly output at capacity, 万元
    growth: float  # per year
    wastes: list[Waste]
    key_unit: bool = False
    fleet: list[tuple[str, int]] = field(default_factory=list)  # (plate, tare kg)

    @property
    def is_generator(self) -> bool:
        return bool(self.wastes)

    def waste(self, category: str) -> Waste:
        return next(w for w in self.wastes if w.category == category)


@dataclass
class Load:
    """One truck leaving a generator: the true net, and what its weighbridge measured."""

    credit_code: str
    category: str
    waste_code: str
    counterparty: str
    when: datetime
    vehicle: str
    tare_kg: int
    net_kg: int  # measured
    true_kg: int
    transporter: int | None = None  # index in TRANSPORTERS, for hazardous waste


def _allocate(count: int) -> dict[str, int]:
    """Enterprises per industry: by share, each at least its minimum, adding up to count."""
    minimum = sum(industry.minimum for industry in INDUSTRIES)
    if count < minimum:
        raise ValueError(f"A synthetic city needs at least {minimum} enterprises.")
    counts = {i.key: max(i.minimum, math.floor(i.share * count)) for i in INDUSTRIES}
    by_key = {i.key: i for i in INDUSTRIES}
    while sum(counts.values()) < count:
        key = max(counts, key=lambda k: by_key[k].share * count - counts[k])
        counts[key] += 1
    while sum(counts.values()) > count:
        key = max(
            (k for k in counts if counts[k] > by_key[k].minimum),
            key=lambda k: counts[k] - by_key[k].share * count,
        )
        counts[key] -= 1
    return counts


def firms_create(rng: random.Random, count: int) -> list[Firm]:
    parks = {code: (division, box) for code, _n, _e, _d, division, box in PARKS}
    stems = list(NAME_STEMS)
    rng.shuffle(stems)
    names: set[str] = set()
    codes: set[str] = set()
    firms = []
    for industry, number in zip(INDUSTRIES, _allocate(count).values(), strict=True):
        for j in range(number):
            park = industry.parks[j % len(industry.parks)]
            division, (west, south, east, north) = parks[park]
            code = credit_code(rng, division)
            while code in codes:
                code = credit_code(rng, division)
            codes.add(code)
            stem = stems[len(firms) % len(stems)]
            name = f"包头市{stem}{industry.trade}有限公司"
            if name in names:
                name = f"包头市{stem}{industry.trade}第{len(firms) // len(stems) + 1}有限公司"
            names.add(name)
            margin_x, margin_y = (east - west) * 0.1, (north - south) * 0.1
            wastes = [_jitter(rng, waste) for waste in industry.wastes]
            firms.append(
                Firm(
                    credit_code=code,
                    name=name,
                    industry=industry,
                    industry_code=industry.codes[j % len(industry.codes)],
                    park=park,
                    lon=round(rng.uniform(west + margin_x, east - margin_x), 5),
                    lat=round(rng.uniform(south + margin_y, north - margin_y), 5),
                    base=rng.uniform(*industry.output),
                    growth=rng.uniform(-0.03, 0.08),
                    wastes=wastes,
                    fleet=[
                        (plate(rng), rng.randint(12100, 17900)) for _ in range(rng.randint(4, 14))
                    ],
                )
            )
    for industry in INDUSTRIES:  # the larger half of each industry's generators are key units
        members = sorted((f for f in firms if f.industry is industry), key=lambda f: -f.base)
        for firm in members[: (len(members) + 1) // 2]:
            firm.key_unit = firm.is_generator
    return firms


def _jitter(rng: random.Random, waste: Waste) -> Waste:
    """The enterprise's own intensity and split of what leaves its stock."""
    shares = [
        s * rng.uniform(0.8, 1.2) if s else 0.0
        for s in (waste.utilised, waste.disposed, waste.transferred)
    ]
    total = sum(shares)
    return Waste(
        waste.category,
        waste.waste_code,
        waste.intensity * rng.uniform(0.7, 1.3),
        shares[0] / total,
        shares[1] / total,
        shares[2] / total,
        waste.stock_months * rng.uniform(0.7, 1.3),
    )


def receivers_assign(rng: random.Random, firms: list[Firm]) -> dict[tuple[str, str], dict]:
    """(generator, category) → {receiver: share} for every waste that is shipped out."""
    assigned = {}
    for firm in firms:
        for waste in firm.wastes:
            if not waste.transferred:
                continue
            candidates = [f for f in firms if waste.category in f.industry.accepts]
            primary = rng.choice(candidates)
            shares = {primary.credit_code: 1.0}
            others = [f for f in candidates if f is not primary]
            if others and rng.random() < 0.3:
                second = rng.choice(others).credit_code
                share = round(rng.uniform(0.15, 0.35), 3)
                shares = {primary.credit_code: 1 - share, second: share}
            assigned[(firm.credit_code, waste.category)] = shares
    return assigned


def output_series(
    rng: random.Random,
    firm: Firm,
    periods: list[date],
    ramp: tuple[float, int] | None,
    shutdowns: set[int],
) -> list[float]:
    """Monthly output value (万元): capacity × season × growth × noise, ramping up or shut."""
    values = []
    for index, period in enumerate(periods):
        value = firm.base * firm.industry.season[period.month - 1]
        value *= (1 + firm.growth) ** (index / 12) * rng.lognormvariate(0, 0.04)
        if ramp is not None:
            start, length = ramp
            value *= start + (1 - start) * min(1.0, index / length)
        if index in shutdowns:
            value *= rng.uniform(0.0, 0.03)
        values.append(round(value, 1))
    return values


def generator_simulate(
    rng: random.Random,
    waste: Waste,
    output: list[float],
    level: tuple[int, float] | None,
    shutdowns: set[int],
    recipients: list[dict[str, float]],
) -> list[Cell]:
    """The true ledger of one generator's waste over the months."""
    cells = []
    stock = r3(waste.stock_months * waste.intensity * output[0] * rng.uniform(0.7, 1.3))
    for index, value in enumerate(output):
        intensity = waste.intensity
        if level is not None and index >= level[0]:
            intensity *= level[1]
        cell = Cell(opening=stock, generated=r3(intensity * value * rng.lognormvariate(0, 0.05)))
        if index not in shutdowns:
            target = waste.stock_months * cell.generated * rng.uniform(0.8, 1.2)
            out = max(0.0, cell.opening + cell.generated - target)
            cell.utilised = r3(out * waste.utilised)
            cell.disposed = r3(out * waste.disposed)
            shipped = r3(out - cell.utilised - cell.disposed)
            if shipped > 0:
                cell.transfers = split(shipped, recipients[index])
        cell.close()
        stock = cell.closing
        cells.append(cell)
    return cells


def split(total: float, shares: dict[str, float]) -> dict[str, float]:
    """total divided by shares, to the kilogram, adding up exactly."""
    parts, left = {}, total
    items = sorted(shares.items())
    for number, (key, share) in enumerate(items):
        parts[key] = r3(left if number == len(items) - 1 else total * share)
        left = r3(left - parts[key])
    return {k: v for k, v in parts.items() if v > 0}


def _truck_sizes(rng: random.Random, total_kg: int, low: int, high: int) -> list[int]:
    middle = (low + high) / 2
    count = max(1, round(total_kg / middle), math.ceil(total_kg / (high * 1.1)))
    weights = [rng.uniform(0.85, 1.15) for _ in range(count)]
    scale = total_kg / sum(weights)
    sizes = [int(w * scale) for w in weights]
    sizes[-1] += total_kg - sum(sizes)
    return sizes


def _moment(rng: random.Random, period: date, last_day: int) -> datetime:
    """A realistic weighing time: working days preferred, daytime hours (Beijing)."""
    while True:
        day = period.replace(day=rng.randint(1, last_day))
        if day.weekday() < 5 or rng.random() < 0.5:
            break
    hour = min(21.9, max(6.0, rng.gauss(13, 3.5)))
    moment = datetime.combine(day, datetime.min.time(), BEIJING)
    return moment + timedelta(minutes=round(hour * 60), seconds=rng.randint(0, 59))


def loads_make(
    rng: random.Random,
    firm: Firm,
    waste: Waste,
    period: date,
    transfers: dict[str, float],
    hazardous_fleet: list[tuple[int, str, int]],
) -> list[Load]:
    """The truckloads of one month's transfers: general waste in the enterprise's own trucks
    of 25–40 t, hazardous waste in licensed carriers' trucks of 10–30 t shipped by the 24th so
    that receipt is confirmed within the month."""
    loads = []
    days = calendar.monthrange(period.year, period.month)[1]
    for counterparty, tonnes in sorted(transfers.items()):
        low, high = (10000, 30000) if waste.hazardous else (25000, 40000)
        for size in _truck_sizes(rng, round(tonnes * 1000), low, high):
            if waste.hazardous:
                transporter, vehicle, tare = rng.choice(hazardous_fleet)
            else:
                transporter, (vehicle, tare) = None, rng.choice(firm.fleet)
            measured = max(1, round(size * (1 + rng.gauss(0, 0.004))))
            loads.append(
                Load(
                    credit_code=firm.credit_code,
                    category=waste.category,
                    waste_code=waste.waste_code,
                    counterparty=counterparty,
                    when=_moment(rng, period, min(days, 24) if waste.hazardous else days),
                    vehicle=vehicle,
                    tare_kg=tare + rng.randint(-60, 60),
                    net_kg=measured,
                    true_kg=size,
                    transporter=transporter,
                )
            )
    return loads


def hazardous_fleet_make(rng: random.Random) -> list[tuple[int, str, int]]:
    return [
        (number % len(TRANSPORTERS), plate(rng), rng.randint(12100, 16000)) for number in range(12)
    ]


def receipt_time(rng: random.Random, shipped: datetime) -> datetime:
    """Confirmed within a few working days: 3 hours to 3 days later, on a working day."""
    moment = shipped + timedelta(minutes=rng.randint(180, 3 * 24 * 60))
    while moment.astimezone(BEIJING).weekday() >= 5:
        moment += timedelta(days=1)
    return moment


def receiver_simulate(
    rng: random.Random, firm: Firm, periods: list[date], received: list[dict[str, float]]
) -> list[Cell | None]:
    """A receiver's ledger of one category: what arrives is stocked and used (or disposed of)
    at a seasonal pace, so its yard fills in winter and empties in summer."""
    totals = [sum(month.values()) for month in received]
    start = next((i for i, total in enumerate(totals) if total > 0), None)
    if start is None:
        return [None] * len(periods)
    season = [firm.industry.season[p.month - 1] for p in periods[start:]]
    pace = 1.05 * sum(totals[start:]) / sum(season) if sum(season) else 0
    stock = r3(pace * rng.uniform(0.3, 1.0))
    cells: list[Cell | None] = [None] * start
    for index in range(start, len(periods)):
        cell = Cell(opening=stock, received={k: v for k, v in received[index].items() if v > 0})
        available = cell.opening + sum(cell.received.values())
        use = r3(min(available, pace * season[index - start] * rng.lognormvariate(0, 0.05)))
        if firm.industry.disposes:
            cell.disposed = r3(use * 0.8)
            cell.utilised = r3(use - cell.disposed)
        else:
            cell.utilised = use
        cell.close()
        stock = cell.closing
        cells.append(cell)
    return cells
