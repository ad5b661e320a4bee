"""The demonstration city's waste flows, planned before anything is written: each
enterprise's own monthly series of each waste it generates (seeded by its credit code and
the waste, at a level plausible for its industry), what it utilises or disposes on site, what
it transfers out and to which registered receiver, the receivers' receipts of the same
tonnes within weighing noise, and a manifest per truckload of hazardous waste. The plan is
pure (no database): the same enterprises give the same rows and manifests on every run.
"""

import math
import random
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from monitoring.ledger.columns import FLOW_NAMES_ZH, Flow
from wastewatch.periods import month_add

BEIJING = ZoneInfo("Asia/Shanghai")
HAZARDOUS_TRUCK_T = 15.0  # a hazardous-waste van or tanker, well under a bulk truck's load
RECEIPT_NOISE = 0.01  # the receiver's weighbridge against the sender's: within ±1 %
MANIFEST_NOISE = 0.003
# Manifests are recorded for the last year (what detection reads); the months before it,
# the receivers' receipts are drawn from the same truckloads.
MANIFEST_MONTHS = 12


@dataclass(frozen=True)
class Waste:
    """A waste an industry generates: its usual monthly tonnes (an enterprise's level is
    drawn between `low_t` and `high_t`) and the usual shares of each month's generation
    utilised and disposed on site and transferred out; the rest is stocked."""

    category: str
    low_t: float
    high_t: float
    utilised: float = 0.0
    disposed: float = 0.0
    transferred: float = 0.0


# By GB/T 4754 industry code, the longest matching prefix first. General industrial solid
# waste runs to tens of thousands of tonnes a month for smelting, power and coal chemicals;
# hazardous waste to tens, at most a few hundred.
PROFILES: dict[str, list[Waste]] = {
    "3110": [Waste("SW01", 20000, 40000, 0.35, 0.0, 0.55), Waste("SW03", 1500, 4000, 0.5)],
    "3120": [
        Waste("SW01", 8000, 18000, 0.3, 0.0, 0.6),
        Waste("SW03", 600, 1500, 0.6),
        Waste("HW23", 60, 180, transferred=0.95),  # EAF dust (312-001-23)
    ],
    "3130": [Waste("SW01", 600, 2500, 0.6, 0.0, 0.3), Waste("HW08", 5, 25, transferred=0.95)],
    "3140": [Waste("SW01", 8000, 20000, 0.25, 0.1, 0.55), Waste("SW03", 500, 1500, 0.6)],
    "2521": [Waste("SW16", 2000, 6000, 0.5, 0.2, 0.25), Waste("HW11", 40, 150, 0.4, 0.0, 0.55)],
    "2522": [Waste("SW16", 15000, 40000, 0.1, 0.5, 0.35), Waste("HW11", 20, 80, 0.0, 0.0, 0.95)],
    "26": [Waste("SW16", 10000, 25000, 0.5, 0.1, 0.35), Waste("HW11", 10, 40, 0.0, 0.0, 0.95)],
    "3216": [Waste("SW01", 1500, 4000, 0.7, 0.0, 0.25), Waste("HW48", 80, 250, transferred=0.95)],
    "32": [Waste("SW01", 200, 1200, 0.6, 0.0, 0.3), Waste("HW48", 10, 60, transferred=0.95)],
    "3232": [Waste("SW01", 3000, 10000, 0.2, 0.7), Waste("HW48", 20, 80, transferred=0.95)],
    "3091": [Waste("SW59", 500, 2000, 0.7, 0.2), Waste("HW11", 10, 40, transferred=0.95)],
    "30": [Waste("SW59", 50, 300, 0.5, 0.4)],
    "4411": [
        Waste("SW02", 15000, 35000, 0.2, 0.3, 0.45),  # fly ash: own ash yard, brick plants
        Waste("SW06", 4000, 10000, 0.0, 0.2, 0.7),  # desulfurisation gypsum
    ],
    "3415": [Waste("SW17", 100, 800, 0.1, 0.0, 0.8), Waste("HW13", 5, 30, transferred=0.95)],
    "3453": [Waste("SW17", 100, 500, 0.2, 0.0, 0.7), Waste("HW08", 5, 20, transferred=0.95)],
    "33": [Waste("SW17", 200, 1500, 0.2, 0.0, 0.7)],
    "34": [Waste("SW17", 100, 600, 0.2, 0.0, 0.7)],
    "38": [Waste("SW17", 50, 300, 0.2, 0.0, 0.7)],
    "39": [Waste("SW17", 50, 300, 0.2, 0.0, 0.7), Waste("HW13", 2, 10, transferred=0.95)],
    "08": [Waste("SW05", 60000, 120000, 0.1, 0.75, 0.08)],  # tailings: pond, backfill, mortar
    "42": [Waste("SW59", 200, 800, 0.5, 0.3)],
    "4210": [Waste("HW48", 20, 60, transferred=0.95)],  # secondary dross (321-026-48)
    "7724": [Waste("HW18", 20, 60, disposed=0.98)],  # incineration residue to its landfill
}


@dataclass(frozen=True)
class Receiver:
    """A registered enterprise that takes in wastes of others: which categories, whether it
    utilises or disposes them, and, when it serves only its own park, which."""

    categories: tuple[str, ...]
    flow: str  # Flow.UTILISED or Flow.DISPOSED
    park: str = ""


RECEIVERS: dict[str, Receiver] = {
    "91150203355218551B": Receiver(("SW01", "SW03"), Flow.UTILISED, "BT-STEEL"),  # slag
    "91150207MAWC51647P": Receiver(("SW01", "SW02", "SW03"), Flow.UTILISED),  # bricks
    "91150207MA0JK8056L": Receiver(("SW02", "SW06", "SW16"), Flow.UTILISED),  # binder, board
    "91150223MACHK6AK7D": Receiver(("SW05",), Flow.UTILISED),  # dry mortar from tailings
    "91150204MAC13G3A09": Receiver(("SW17",), Flow.UTILISED),  # composite recycler
    "911502027233857415": Receiver(("HW48",), Flow.UTILISED, "BT-AL"),  # licensed dross
    "91150207MA7GK2QW5C": Receiver(("HW08", "HW11", "HW13", "HW23", "HW48"), Flow.DISPOSED),
}
# The 8-digit codes of the National Hazardous Waste List a manifest names (else 900-000-XX).
WASTE_CODES = {
    "HW08": "900-249-08",
    "HW23": "312-001-23",
    "HW48": "321-024-48",
}


@dataclass(frozen=True)
class DemoEnterprise:
    credit_code: str
    industry_code: str
    park: str


@dataclass
class PlannedManifest:
    number: str
    generator: str
    receiver: str
    category: str
    waste_code: str
    shipped_t: Decimal
    shipped_at: datetime
    received_t: Decimal | None  # None: never confirmed (overdue)
    received_at: datetime | None
    confirmed_at: datetime | None = None  # None: confirmed when it arrived


@dataclass
class DemoPlan:
    rows: dict[str, list[list[str]]] = field(default_factory=dict)  # by park
    manifests: list[PlannedManifest] = field(default_factory=list)


def wastes_of(industry_code: str) -> list[Waste]:
    """The wastes of an industry, by its longest listed prefix; other waste if none."""
    for length in (4, 3, 2):
        if industry_code[:length] in PROFILES:
            return PROFILES[industry_code[:length]]
    return [Waste("SW59", 50, 300, 0.5, 0.4)]


def _receiver_of(sender: DemoEnterprise, category: str, enterprises: list[DemoEnterprise]) -> str:
    """The receiver of a sender's waste: one of its own park's if any, else one of the city's
    that serve every park, chosen by the sender's code (the same on every run)."""
    candidates = [
        e
        for e in enterprises
        if e.credit_code in RECEIVERS
        and e.credit_code != sender.credit_code
        and category in RECEIVERS[e.credit_code].categories
    ]
    nearby = [e for e in candidates if e.park == sender.park]
    anywhere = [e for e in candidates if not RECEIVERS[e.credit_code].park]
    chosen = nearby or anywhere
    if not chosen:
        raise ValueError(f"No demo receiver takes {category} from {sender.credit_code}.")
    pick = random.Random(f"{sender.credit_code}:{category}").randrange(len(chosen))
    return chosen[pick].credit_code


def demo_plan(enterprises: Iterable[DemoEnterprise], *, months: int, until: date) -> DemoPlan:
    """Every ledger row of the demo, by park, and the hazardous-waste manifests."""
    enterprises = sorted(enterprises, key=lambda e: e.credit_code)
    periods = [month_add(until, -back) for back in range(months - 1, -1, -1)]
    generated: dict[tuple[str, str], list[float]] = {}
    sent: dict[tuple[str, str], tuple[str, list[float]]] = {}  # (sender, waste): receiver
    for enterprise in enterprises:
        for waste in wastes_of(enterprise.industry_code):
            key = (enterprise.credit_code, waste.category)
            generated[key], transferred = _generation(key, waste, periods)
            if waste.transferred:
                receiver = _receiver_of(enterprise, waste.category, enterprises)
                sent[key] = (receiver, transferred)
    plan = DemoPlan()
    received = _receipts(sent, periods, plan)
    park_of = {e.credit_code: e.park for e in enterprises}
    profiles = {
        (e.credit_code, w.category): w for e in enterprises for w in wastes_of(e.industry_code)
    }
    for key in sorted(set(generated) | set(received)):
        rows = plan.rows.setdefault(park_of[key[0]], [])
        rows += _series_rows(key, profiles.get(key), generated, sent, received.get(key), periods)
    return plan


def _generation(
    key: tuple[str, str], waste: Waste, periods: list[date]
) -> tuple[list[float], list[float]]:
    """The month's generation, steady and mildly seasonal around the enterprise's own
    level, and what of it is transferred out."""
    rng = random.Random(":".join(key))
    level = rng.uniform(waste.low_t, waste.high_t)
    generated, transferred = [], []
    for period in periods:
        season = 1 + 0.1 * math.cos(2 * math.pi * (period.month - 1) / 12)
        quantity = round(level * season * rng.uniform(0.9, 1.1), 3)
        generated.append(quantity)
        share = min(1.0, waste.transferred * rng.uniform(0.9, 1.08)) if waste.transferred else 0
        transferred.append(round(quantity * share, 3))
    return generated, transferred


def _receipts(
    sent: dict[tuple[str, str], tuple[str, list[float]]], periods: list[date], plan: DemoPlan
) -> dict[tuple[str, str], dict[str, list[float]]]:
    """Per receiver and waste, per sender, what it took in each month: hazardous waste by
    the manifests (one per truckload, confirmed a day or two later, a few late, the last
    month's last load of two generators never, one received lighter than shipped), general
    waste as its own weighbridge saw the sender's tonnes."""
    received: dict[tuple[str, str], dict[str, list[float]]] = defaultdict(dict)
    serials: dict[int, int] = defaultdict(int)
    # The staged incidents of the last month, on the largest hazardous transfers (whose one
    # light load stays within weighing precision of the month's total): a receipt lighter
    # than shipped, then two loads never confirmed.
    hazardous = [(tonnes[-1], key) for key, (_r, tonnes) in sent.items() if key[1][:2] == "HW"]
    staged = [key for _t, key in sorted(hazardous, reverse=True)]
    recorded = periods[-MANIFEST_MONTHS:]
    for (sender, category), (receiver, tonnes) in sorted(sent.items()):
        rng = random.Random(f"{sender}:{receiver}:{category}")
        taken = []
        for period, quantity in zip(periods, tonnes, strict=True):
            if not category.startswith("HW"):
                taken.append(round(quantity * rng.uniform(1 - RECEIPT_NOISE, 1 + RECEIPT_NOISE), 3))
                continue
            last = period == periods[-1]
            rank = staged.index((sender, category)) if last else -1
            manifests = _truckloads(sender, receiver, category, period, quantity, rng, rank)
            if period in recorded:
                for manifest in manifests:
                    serials[period.year] += 1
                    manifest.number = f"{period.year}1502{serials[period.year]:06d}"
                    if serials[period.year] % 149 == 0:  # confirmed past the deadline
                        delay = timedelta(days=rng.uniform(10, 15))
                        manifest.confirmed_at = manifest.received_at + delay
                plan.manifests += manifests
            taken.append(round(sum(float(m.received_t or m.shipped_t) for m in manifests), 3))
        received[(receiver, category)][sender] = taken
    return received


def _truckloads(
    sender: str,
    receiver: str,
    category: str,
    period: date,
    quantity: float,
    rng: random.Random,
    rank: int,
) -> list[PlannedManifest]:
    """The month's manifests of one transfer: the ledger's tonnes in loads of about
    HAZARDOUS_TRUCK_T, shipped on days spread through the month (numbered when recorded).
    `rank` is the transfer's place among the last month's hazardous ones (else -1): the
    staged incidents."""
    trucks = max(1, math.ceil(quantity / HAZARDOUS_TRUCK_T))
    weights = [rng.uniform(0.85, 1.15) for _ in range(trucks)]
    loads = [round(quantity * w / sum(weights), 3) for w in weights]
    loads[-1] = round(quantity - sum(loads[:-1]), 3)
    manifests = []
    for number, load in enumerate(loads):
        shipped_at = datetime.combine(
            period + timedelta(days=2 + (24 * number) // trucks),
            datetime.min.time(),
            BEIJING,
        ) + timedelta(hours=rng.uniform(8, 17))
        shipped = Decimal(f"{load:.3f}")
        received = Decimal(f"{load * rng.uniform(1 - MANIFEST_NOISE, 1 + MANIFEST_NOISE):.3f}")
        delay = timedelta(days=rng.uniform(1, 3))
        manifest = PlannedManifest(
            number="",
            generator=sender,
            receiver=receiver,
            category=category,
            waste_code=WASTE_CODES.get(category, f"900-000-{category[2:]}"),
            shipped_t=shipped,
            shipped_at=shipped_at,
            received_t=received,
            received_at=shipped_at + delay,
        )
        if rank in (1, 2) and number == trucks - 1:
            manifest.received_t = manifest.received_at = None  # never confirmed: overdue
        if rank == 0 and number == 0:
            manifest.received_t = (shipped * Decimal("0.84")).quantize(Decimal("0.001"))
        manifests.append(manifest)
    return manifests


def _series_rows(
    key: tuple[str, str],
    waste: Waste | None,
    generated: dict[tuple[str, str], list[float]],
    sent: dict[tuple[str, str], tuple[str, list[float]]],
    received: dict[str, list[float]] | None,
    periods: list[date],
) -> list[list[str]]:
    """One enterprise's rows of one waste, month by month, balancing: opening stock, what it
    generated and received (per sender), utilised and disposed on site (part of the stock
    too), transferred out and closing stock. A receiver utilises or disposes most of what
    it takes in within the month and stocks the rest."""
    credit_code, category = key
    rng = random.Random(f"{credit_code}:{category}:site")
    own = generated.get(key, [0.0] * len(periods))
    receiver, transferred = sent.get(key, ("", [0.0] * len(periods)))
    handling = RECEIVERS[credit_code].flow if received else None
    waste = waste or Waste(category, 0, 0)
    stock = round(
        rng.uniform(0.05, 0.5) * (max(own) + sum(max(t) for t in (received or {}).values())), 3
    )
    rows = []
    for index, period in enumerate(periods):
        taken = {sender: tonnes[index] for sender, tonnes in sorted((received or {}).items())}
        on_site = {
            Flow.UTILISED: own[index] * waste.utilised * rng.uniform(0.9, 1.1),
            Flow.DISPOSED: own[index] * waste.disposed * rng.uniform(0.9, 1.1),
        }
        if handling:
            on_site[handling] += sum(taken.values()) * rng.uniform(0.92, 1.0)
        main = max(on_site, key=on_site.get)
        if on_site[main]:
            on_site[main] += stock * rng.uniform(0.0, 0.1)  # some of the stock, too
        available = stock + own[index] + sum(taken.values()) - transferred[index]
        scale = min(1.0, available / (sum(on_site.values()) or 1.0))
        used = {flow: round(tonnes * scale, 3) for flow, tonnes in on_site.items()}
        closing = round(available - sum(used.values()), 3)
        if closing < 0:  # rounding: take the thousandth off the main on-site flow
            used[main] = round(used[main] + closing, 3)
            closing = 0.0
        lines = [(Flow.OPENING_STOCK, stock, "")]
        if waste.high_t:
            lines.append((Flow.GENERATED, own[index], ""))
        lines += [(Flow.RECEIVED, tonnes, sender) for sender, tonnes in taken.items()]
        lines += [(flow, tonnes, "") for flow, tonnes in used.items() if on_site[flow]]
        if receiver:
            lines.append((Flow.TRANSFERRED_OUT, transferred[index], receiver))
        lines.append((Flow.CLOSING_STOCK, closing, ""))
        for flow, quantity, other in lines:
            rows.append(
                [
                    credit_code,
                    f"{period:%Y-%m}",
                    category,
                    FLOW_NAMES_ZH[flow],
                    f"{quantity:.3f}",
                    "t",
                    other,
                    "",
                ]
            )
        stock = closing
    return rows
