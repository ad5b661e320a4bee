"""city_generate: a deterministic synthetic city with labelled anomalies and hard negatives.

The order of work: registry → plans (hard negatives, anomalies that change the physical
world) → the true world (output, generation, stock, trucks) → weighings and manifests →
anomalies of reporting and devices → receivers' ledgers (from what generators report) →
files in the platform's own formats.
"""

import random
from dataclasses import dataclass, field
from datetime import date

from detection.synthetic import anomalies, render
from detection.synthetic.model import (
    ANOMALY_KINDS,
    SEASONAL_PEAK,
    HardNegative,
    Label,
    SyntheticCity,
)
from detection.synthetic.world import (
    BEIJING,
    Cell,
    Firm,
    Load,
    firms_create,
    generator_simulate,
    hazardous_fleet_make,
    loads_make,
    output_series,
    r3,
    receipt_time,
    receiver_simulate,
    receivers_assign,
)
from wastewatch.periods import month_add

Key = tuple[str, str]  # (credit code, category)


@dataclass
class State:
    """Everything the steps share; anomalies read and change it."""

    rng: random.Random
    periods: list[date]
    firms: list[Firm]
    receivers: dict[Key, dict[str, float]] = field(default_factory=dict)
    recipients: dict[Key, list[dict[str, float]]] = field(default_factory=dict)
    output: dict[str, list[float]] = field(default_factory=dict)
    true: dict[Key, list[Cell]] = field(default_factory=dict)
    reported: dict[Key, list[Cell]] = field(default_factory=dict)
    tickets: dict[tuple[str, int], list[Load]] = field(default_factory=dict)
    manifests: list[dict] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)
    hard_negatives: list[HardNegative] = field(default_factory=list)
    blocked: set[tuple[str, str, int]] = field(default_factory=set)  # hard negatives + used
    device_used: set[tuple[str, int]] = field(default_factory=set)
    shutdowns: dict[str, set[int]] = field(default_factory=dict)
    ramps: dict[str, tuple[float, int]] = field(default_factory=dict)
    levels: dict[Key, tuple[int, float]] = field(default_factory=dict)
    silent: set[tuple[str, str]] = field(default_factory=set)  # (generator, receiver) phantoms
    receipt_factor: dict[tuple[str, str, int, str], float] = field(default_factory=dict)
    serial_base: int = 100000  # manifest serials of this city: serial_base + 1, + 2, …

    def __post_init__(self) -> None:
        self.by_code = {firm.credit_code: firm for firm in self.firms}
        self.generators = [firm for firm in self.firms if firm.is_generator]

    def label(
        self, kind: str, code: str, category: str, index: int, waste_code: str = "", **detail
    ) -> None:
        self.labels.append(Label(kind, code, category, self.periods[index], detail, waste_code))
        self.blocked.add((code, category, index))

    def negative(self, kind: str, code: str, category: str, index: int) -> None:
        self.hard_negatives.append(HardNegative(kind, code, category, self.periods[index]))
        self.blocked.add((code, category, index))

    def legit_receivers(self, code: str) -> set[str]:
        return {
            receiver
            for (generator, _c), months in self.recipients.items()
            if generator == code
            for month in months
            for receiver in month
        }


def city_generate(
    *,
    seed: int,
    months: int = 24,
    enterprises: int = 60,
    anomaly_rate: float = 0.05,
    until: date = date(2026, 10, 1),
) -> SyntheticCity:
    """A synthetic Baotou-like city over `months` months ending with `until`'s month."""
    if months < 4:
        raise ValueError("A synthetic city needs at least 4 months.")
    rng = random.Random(seed)
    last = date(until.year, until.month, 1)
    periods = [month_add(last, k - months + 1) for k in range(months)]
    state = State(rng=rng, periods=periods, firms=firms_create(rng, enterprises))
    state.serial_base = 100000 * (1 + seed % 9)  # cities of other seeds can share a database
    state.receivers = receivers_assign(rng, state.firms)
    _hard_negatives_plan(state)
    counts = _anomaly_counts(state, anomaly_rate)
    anomalies.world_plan(state, counts)  # level shifts, phantom transfers
    _world_simulate(state)
    anomalies.reports_apply(state, counts)  # the other kinds
    _receivers_simulate(state)
    return render.city_render(state, seed=seed)


def _hard_negatives_plan(state: State) -> None:
    rng, months = state.rng, len(state.periods)
    generators = list(state.generators)
    few = max(1, len(generators) // 20)
    rng.shuffle(generators)
    ramping, shut = generators[:few], generators[few : 2 * few]
    for firm in ramping:  # a new plant: 10–20 % of capacity, at full output after 5–9 months
        length = min(rng.randint(5, 9), months - 1)
        state.ramps[firm.credit_code] = (rng.uniform(0.1, 0.2), length)
        for index in range(1, length + 1):
            for waste in firm.wastes:
                state.negative("new_plant_rampup", firm.credit_code, waste.category, index)
    for firm in shut:  # a maintenance month: output and generation near zero, nothing shipped
        index = rng.randint(2, months - 1)
        state.shutdowns[firm.credit_code] = {index}
        for waste in firm.wastes:
            state.negative("maintenance_shutdown", firm.credit_code, waste.category, index)
    _recipient_change(state, generators[2 * few :], few)
    for firm in state.generators:  # heating-season peaks of power plants
        for index, period in enumerate(state.periods):
            if firm.industry.season[period.month - 1] >= SEASONAL_PEAK:
                for waste in firm.wastes:
                    if (firm.credit_code, waste.category, index) not in state.blocked:
                        state.negative("seasonal_peak", firm.credit_code, waste.category, index)


def _recipient_change(state: State, candidates: list[Firm], count: int) -> None:
    """A change of utiliser: from a month on, a waste goes to another receiver; both report
    it. Labelled on the generator and on both receivers."""
    rng, months = state.rng, len(state.periods)
    for (code, category), shares in state.receivers.items():
        state.recipients[(code, category)] = [dict(shares) for _ in state.periods]
    changed = []
    for firm in candidates:
        if len(changed) == count:
            break
        for waste in firm.wastes:
            key = (firm.credit_code, waste.category)
            shares = state.receivers.get(key)
            if not shares:
                continue
            old = max(shares, key=shares.get)
            others = [
                f.credit_code
                for f in state.firms
                if waste.category in f.industry.accepts and f.credit_code not in shares
            ]
            if not others:
                continue
            new, index = rng.choice(others), rng.randint(2, months - 2)
            for month in state.recipients[key][index:]:
                month[new] = month.pop(old)
            for code in (firm.credit_code, old, new):
                state.negative("change_of_utiliser", code, waste.category, index)
            changed.append(key)
            break


def _anomaly_counts(state: State, rate: float) -> dict[str, int]:
    cells = sum(len(firm.wastes) for firm in state.generators) * len(state.periods)
    total = max(len(ANOMALY_KINDS), round(rate * cells)) if rate > 0 else 0
    return {
        kind: total // len(ANOMALY_KINDS) + (number < total % len(ANOMALY_KINDS))
        for number, kind in enumerate(ANOMALY_KINDS)
    }


def _world_simulate(state: State) -> None:
    rng = state.rng
    fleet = hazardous_fleet_make(rng)
    for firm in state.firms:
        code = firm.credit_code
        shutdowns = state.shutdowns.get(code, set())
        state.output[code] = output_series(
            rng, firm, state.periods, state.ramps.get(code), shutdowns
        )
        for waste in firm.wastes:
            key = (code, waste.category)
            recipients = state.recipients.get(key) or [{} for _ in state.periods]
            cells = generator_simulate(
                rng, waste, state.output[code], state.levels.get(key), shutdowns, recipients
            )
            state.true[key] = cells
            state.reported[key] = [cell.copy() for cell in cells]
            for index, cell in enumerate(cells):
                loads = loads_make(rng, firm, waste, state.periods[index], cell.transfers, fleet)
                state.tickets.setdefault((code, index), []).extend(loads)
                if waste.hazardous:
                    state.manifests += [_manifest(rng, load, index) for load in loads]
    for loads in state.tickets.values():
        loads.sort(key=lambda load: (load.when, load.category, load.counterparty))
    state.manifests.sort(key=lambda m: (m["shipped_at"], m["generator"]))
    serials: dict[int, int] = {}
    for manifest in state.manifests:  # 14 digits: year, Inner Mongolia (15), Baotou (02), serial
        year = manifest["shipped_at"].astimezone(BEIJING).year
        serials[year] = serials.get(year, 0) + 1
        manifest["number"] = f"{year}1502{state.serial_base + serials[year]:06d}"


def _manifest(rng: random.Random, load: Load, index: int) -> dict:
    received = round(load.net_kg * (1 + max(-0.01, min(0.01, rng.gauss(0, 0.003)))))
    return {
        "generator": load.credit_code,
        "receiver": load.counterparty,
        "category": load.category,
        "waste_code": load.waste_code,
        "vehicle": load.vehicle,
        "transporter": load.transporter,
        "shipped_kg": load.net_kg,
        "shipped_at": load.when,
        "received_kg": received,
        "received_at": receipt_time(rng, load.when),
        "index": index,
    }


def _receivers_simulate(state: State) -> None:
    """Receivers report what they received: per manifest for hazardous waste, per the
    generator's reported transfer (their own weighing, ±1 %) for general waste."""
    rng = state.rng
    months = len(state.periods)
    incoming: dict[Key, list[dict[str, float]]] = {}
    for (code, category), cells in state.reported.items():
        if state.by_code[code].waste(category).hazardous:
            continue
        for index, cell in enumerate(cells):
            for receiver, tonnes in sorted(cell.transfers.items()):
                if (code, receiver) in state.silent:
                    continue
                factor = state.receipt_factor.get((code, category, index, receiver), 1.0)
                noise = max(-0.01, min(0.01, rng.gauss(0, 0.004)))
                month = incoming.setdefault((receiver, category), [{} for _ in range(months)])
                month[index][code] = r3(tonnes * factor * (1 + noise))
    for manifest in state.manifests:
        key = (manifest["receiver"], manifest["category"])
        month = incoming.setdefault(key, [{} for _ in range(months)])[manifest["index"]]
        month[manifest["generator"]] = r3(
            month.get(manifest["generator"], 0.0) + manifest["received_kg"] / 1000
        )
    for (code, category), received in sorted(incoming.items()):
        cells = receiver_simulate(rng, state.by_code[code], state.periods, received)
        state.reported[(code, category)] = cells
