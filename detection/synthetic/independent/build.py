"""city_generate_independent: the independent city, deterministic for a seed."""

from detection.synthetic.independent.faults import Faults
from detection.synthetic.independent.files import (
    economic_figures,
    ledger_files,
    manifest_items,
    manifest_numbers,
    ticket_batches,
)
from detection.synthetic.independent.flows import periods_until, simulate
from detection.synthetic.independent.plants import (
    Plant,
    parks_register,
    plants_register,
)
from detection.synthetic.independent.profiles import LAST_MONTH
from detection.synthetic.model import SyntheticCity

GENERATION_SHARE = 0.15  # of the anomalous cells: real changes of generation


def city_generate_independent(
    *, seed: int, months: int = 36, enterprises: int = 120, anomaly_rate: float = 0.05
) -> SyntheticCity:
    """A Baotou-like city of coal chemicals, carbide PVC, polysilicon, ferroalloys, wind
    blades, machinery, pharmaceuticals and aluminium, with its utilisers and licensed
    receivers (eight of them outside the city), for `months` months to June 2026."""
    if months < 4 or enterprises < 10 or not 0 <= anomaly_rate < 0.5:
        raise ValueError(
            "The independent city needs at least 4 months and 10 enterprises, and an anomaly "
            "rate below 0.5."
        )
    periods = periods_until(LAST_MONTH, months)
    plants, outsiders = plants_register(seed, enterprises, months)
    faults = Faults(plants, months, periods, seed)
    faults.inject_generation(anomaly_rate * GENERATION_SHARE)
    truth = simulate(plants, outsiders, periods, seed)
    manifest_numbers(truth.trips)
    faults.attach(truth)
    faults.inject_reporting(anomaly_rate * (1 - GENERATION_SHARE))
    ledgers, received = ledger_files(plants, truth, faults.reported, seed)
    tickets = [ticket for own in faults.tickets.values() for ticket in own]
    return SyntheticCity(
        seed=seed,
        periods=periods,
        parks=parks_register(),
        enterprises=[_enterprise(p) for p in [*plants, *outsiders]],
        ledgers=ledgers,
        tickets=ticket_batches(tickets),
        manifests=manifest_items(truth.trips),
        economic_figures=economic_figures(plants, truth),
        labels=faults.labels,
        hard_negatives=faults.hard_negatives(),
        ledger_received=received,
    )


def _enterprise(plant: Plant) -> dict:
    # generators are "generator"; receivers in the city are named by their trade
    role = "receiver" if plant.outsider else plant.industry.key if plant.tier else "generator"
    return {
        "credit_code": plant.credit_code,
        "name": plant.name,
        "industry_code": plant.industry_code,
        "park": plant.park,
        "lon": plant.lon,
        "lat": plant.lat,
        "role": role,
        "permit_number": f"{plant.credit_code}001P" if plant.in_city else "",
        "is_key_unit": plant.tier == 0 and plant.capacity >= 5000,
        "weighbridge": plant.weighbridge,
    }
