"""The city's register: parks, enterprises (each with its own random stream), the wastes each
generates and who receives them, and each plant's calendar (shutdowns, start of a new plant)."""

from dataclasses import dataclass, field

import numpy as np

from detection.synthetic.independent.profiles import (
    CATALYST,
    DRUMS,
    ESSENTIAL,
    FLOW,
    INDUSTRIES,
    NAME_STEMS,
    OUTSIDERS,
    OVERHAUL,
    PARKS,
    Industry,
    Outsider,
    Stream,
)
from parks.validators import CREDIT_CODE_CHARSET, credit_code_check_character

PLATE_CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZ"


def credit_code(rng: np.random.Generator, division: str) -> str:
    """A valid unified social credit code (GB 32100-2015) of a company registered in
    `division`."""
    body = "".join(rng.choice(list(CREDIT_CODE_CHARSET), size=7))
    first17 = f"91{division}MA{body}"
    return first17 + credit_code_check_character(first17)


def plate(rng: np.random.Generator, prefix: str) -> str:
    return prefix + str(rng.choice(list(PLATE_CHARS))) + f"{int(rng.integers(0, 10000)):04d}"


@dataclass(eq=False)
class Plant:
    index: int
    credit_code: str
    name: str
    industry_code: str
    park: str | None
    lon: float
    lat: float
    rng: np.random.Generator
    industry: Industry | None = None
    outsider: Outsider | None = None
    weighbridge: bool = True
    capacity: float = 0.0  # monthly output value at capacity, 万元
    value_added_ratio: float = 0.3
    start: int = 0  # first month in operation
    ramp: int = 0  # months from the start to full output
    shutdowns: dict[int, float] = field(default_factory=dict)  # month → output factor
    own_filer: bool = False  # files its ledger itself instead of through the park
    scale_bias: float = 0.0  # its weighbridge's calibration error
    fleet: list[str] = field(default_factory=list)
    sources: list["Source"] = field(default_factory=list)

    @property
    def in_city(self) -> bool:
        return self.outsider is None

    @property
    def accepts(self) -> tuple[str, ...]:
        return self.outsider.accepts if self.outsider else self.industry.accepts

    @property
    def tier(self) -> int:
        return 3 if self.outsider else self.industry.tier

    def operating(self, month: int) -> bool:
        return month >= self.start


@dataclass(eq=False)
class Source:
    """One waste an enterprise generates, under its ledger code."""

    plant: Plant
    profile: Stream
    intensity: float
    noise: float  # σ of the monthly lognormal factor
    lot: float  # hazardous waste leaves once this much is in stock
    batch_months: set[int]
    schedule: list[tuple[int, list[tuple[Plant, float]]]]  # from month → receivers, weights
    multiplier: np.ndarray  # injected changes of generation (spike, level shift)
    residue: bool = False  # generated per tonne received and treated, not per output

    @property
    def key(self) -> tuple[str, str]:
        return (self.plant.credit_code, self.profile.waste_code)

    def receivers(self, month: int) -> list[tuple[Plant, float]]:
        current: list[tuple[Plant, float]] = []
        for start, receivers in self.schedule:
            if start <= month:
                current = receivers
        return current


def _allocation(enterprises: int) -> list[Industry]:
    """Industries of `enterprises` in-city plants, in the proportions of a city of 120; a small
    city keeps a cement plant, an incinerator and a hazardous-waste landfill."""
    total = sum(industry.count for industry in INDUSTRIES)
    shares = [industry.count * enterprises / total for industry in INDUSTRIES]
    counts = [int(share) for share in shares]
    order = sorted(range(len(shares)), key=lambda i: shares[i] - counts[i], reverse=True)
    for i in order[: enterprises - sum(counts)]:
        counts[i] += 1
    keep = max(3, round(enterprises * 19 / 120))
    for key in ESSENTIAL[:keep]:
        i = next(i for i, industry in enumerate(INDUSTRIES) if industry.key == key)
        if counts[i] == 0:
            donor = max(
                range(len(counts)), key=lambda j: counts[j] if INDUSTRIES[j].tier == 0 else -1
            )
            counts[donor] -= 1
            counts[i] = 1
    return [industry for industry, n in zip(INDUSTRIES, counts, strict=True) for _ in range(n)]


def _box_point(rng: np.random.Generator, box: tuple[float, ...]) -> tuple[float, float]:
    west, south, east, north = box
    margin_x, margin_y = (east - west) * 0.05, (north - south) * 0.05
    return (
        round(float(rng.uniform(west + margin_x, east - margin_x)), 6),
        round(float(rng.uniform(south + margin_y, north - margin_y)), 6),
    )


def parks_register() -> list[dict]:
    return [
        {
            "code": code,
            "name": name,
            "name_en": name_en,
            "level": "municipal",
            "district": district,
            "operator": f"{name.removeprefix('（独立合成）')}管理委员会",
            "boundary": (f"MULTIPOLYGON((({w} {s},{e} {s},{e} {n},{w} {n},{w} {s})))"),
        }
        for code, name, name_en, district, _division, (w, s, e, n) in PARKS
    ]


def plants_register(seed: int, enterprises: int, months: int) -> tuple[list[Plant], list[Plant]]:
    """(in-city plants, out-of-city receivers), every one with its own random stream."""
    root = np.random.SeedSequence(seed)
    layout = np.random.default_rng(root.spawn(1)[0])
    industries = _allocation(enterprises)
    streams = root.spawn(len(industries) + len(OUTSIDERS) + 1)[1:]
    parks = {code: (division, box) for code, _n, _e, _d, division, box in PARKS}
    stems = list(layout.permutation(NAME_STEMS))
    codes: set[str] = set()
    plants: list[Plant] = []
    for index, industry in enumerate(industries):
        rng = np.random.default_rng(streams[index])
        park = str(rng.choice(industry.parks))
        division, box = parks[park]
        code = credit_code(rng, division)
        while code in codes:
            code = credit_code(rng, division)
        codes.add(code)
        lon, lat = _box_point(rng, box)
        stem = stems[index % len(stems)]
        suffix = "" if index < len(stems) else "第二"
        plant = Plant(
            index=index,
            credit_code=code,
            name=f"包头市{stem}{suffix}{industry.trade}有限公司",
            industry_code=str(rng.choice(industry.codes)),
            park=park,
            lon=lon,
            lat=lat,
            rng=rng,
            industry=industry,
            weighbridge=bool(rng.random() < (0.92 if industry.tier == 0 else 0.7)),
            capacity=float(rng.uniform(*industry.output)),
            value_added_ratio=float(rng.uniform(0.18, 0.38)),
            own_filer=bool(rng.random() < 0.12),
            scale_bias=float(rng.uniform(-0.006, 0.006)),
        )
        plant.fleet = [plate(rng, "蒙B") for _ in range(int(rng.integers(4, 12)))]
        if industry.tier == 0:
            _calendar(plant, months)
        plants.append(plant)
    outsiders = []
    for offset, outsider in enumerate(OUTSIDERS):
        rng = np.random.default_rng(streams[len(industries) + offset])
        plant = Plant(
            index=len(industries) + offset,
            credit_code=credit_code(rng, outsider.division),
            name=outsider.name,
            industry_code=outsider.industry_code,
            park=None,
            lon=outsider.lon,
            lat=outsider.lat,
            rng=rng,
            outsider=outsider,
            weighbridge=False,
        )
        plant.fleet = [plate(rng, outsider.plate) for _ in range(6)]
        outsiders.append(plant)
    for plant in plants:
        _sources(plant, plants, outsiders, months)
    return plants, outsiders


def _calendar(plant: Plant, months: int) -> None:
    """Maintenance months, the odd longer stop, and (for a few) a new plant ramping up."""
    rng = plant.rng
    if months >= 12 and rng.random() < 0.1:
        plant.start = int(rng.integers(3, months // 2))
        plant.ramp = int(rng.integers(4, 9))
    elif months < 12 and rng.random() < 0.1:
        plant.start = int(rng.integers(1, max(2, months // 2)))
        plant.ramp = 3
    for month in range(plant.start + plant.ramp, months):
        if rng.random() < 0.045:
            plant.shutdowns[month] = float(rng.uniform(0.02, 0.08))
    if rng.random() < 0.1 and months - plant.start - plant.ramp > 6:
        first = int(rng.integers(plant.start + plant.ramp + 1, months - 3))
        for month in range(first, first + int(rng.integers(2, 4))):
            plant.shutdowns[month] = float(rng.uniform(0.01, 0.05))


def _batch_months(rng: np.random.Generator, pattern: str, months: int) -> set[int]:
    chosen: set[int] = set()
    if pattern == OVERHAUL:
        for year in range(0, months, 12):
            for _ in range(int(rng.integers(1, 4))):
                chosen.add(year + int(rng.integers(0, 12)))
    elif pattern == DRUMS:
        month = int(rng.integers(0, 3))
        while month < months:
            chosen.add(month)
            month += int(rng.integers(2, 5))
    elif pattern == CATALYST:
        calendar = int(rng.integers(0, 12))
        for year in range(0, months, 12):
            chosen.add(year + min(11, max(0, calendar + int(rng.integers(-1, 2)))))
    return {month for month in chosen if month < months}


def _sources(plant: Plant, plants: list[Plant], outsiders: list[Plant], months: int) -> None:
    rng = plant.rng
    profiles = list(plant.industry.streams)
    if plant.industry.tier == 0:  # siblings are kept; a plant may lack one of its other wastes
        profiles = [p for p in profiles if p.pattern != FLOW or p.hazardous or rng.random() < 0.93]
    expected_output = plant.capacity
    residue = plant.industry.residue
    for profile in [*profiles, *([residue] if residue else [])]:
        intensity = profile.intensity * float(rng.uniform(0.6, 1.5))
        monthly = intensity * expected_output
        batch = _batch_months(rng, profile.pattern, months)
        if profile is residue:
            lot = float(rng.uniform(5, 15))
        elif profile.pattern == FLOW:
            lot = max(1.5, monthly * float(rng.uniform(0.8, 2.5))) if profile.hazardous else 0.0
        else:
            gap = months / max(1, len(batch))
            lot = monthly * gap * float(rng.uniform(0.5, 0.9))
        plant.sources.append(
            Source(
                plant=plant,
                profile=profile,
                intensity=intensity,
                noise=float(rng.uniform(0.05, 0.15)),
                lot=lot,
                batch_months=batch,
                schedule=_schedule(plant, profile, plants, outsiders, months, profile is residue),
                multiplier=np.ones(months),
                residue=profile is residue,
            )
        )


def _schedule(plant, profile: Stream, plants, outsiders, months, residue: bool) -> list:
    """Receivers of a waste: in-city licensed receivers first, sometimes one outside the city;
    a few generators change utiliser during the series. What a receiver's treatment leaves
    goes to the last tier (landfills), so that each month's receipts are known in order."""
    if profile.transferred <= 0:
        return []
    rng = plant.rng
    category = profile.category
    lowest = 2 if residue else 1
    inside = [p for p in plants if p is not plant and category in p.accepts and p.tier >= lowest]
    outside = [p for p in outsiders if category in p.accepts]
    share_outside = 0.35 if profile.hazardous else 0.1
    if outside and (not inside or rng.random() < share_outside):
        first = [(outside[int(rng.integers(len(outside)))], 1.0)]
    elif inside:
        picked = rng.permutation(len(inside))[: 2 if rng.random() < 0.3 else 1]
        weights = rng.dirichlet(np.full(len(picked), 3.0))
        first = [(inside[int(i)], float(w)) for i, w in zip(picked, weights, strict=True)]
    else:
        return []
    schedule = [(0, first)]
    others = [p for p in inside if p not in {r for r, _w in first}]
    if not profile.hazardous and others and months >= 12 and rng.random() < 0.1:
        change = int(rng.integers(6, months - 3))
        replaced = [(others[int(rng.integers(len(others)))], 1.0)]
        schedule.append((change, replaced))
    return schedule
