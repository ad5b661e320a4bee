"""Injecting the labelled anomalies. Every ledger stays balanced (the platform refuses
anything else), so each kind moves quantities between flows, or between what one side and
the other report, rather than breaking the equation.

At most one anomaly per enterprise, waste and month, never on a hard negative, and at most
one weighbridge or measured-vs-reported anomaly per enterprise and month, so that each label
has one cause.
"""

import calendar
import dataclasses
from collections.abc import Iterator
from datetime import timedelta

from detection.synthetic.model import POINT_CODE
from detection.synthetic.world import BEIJING, r3


def _first_month(state) -> int:
    return min(3, len(state.periods) // 3)


def _cells(state, *, hazardous: bool | None = None) -> list[tuple[str, str, int]]:
    """Free generator cells in a shuffled order."""
    cells = [
        (firm.credit_code, waste.category, index)
        for firm in state.generators
        for waste in firm.wastes
        if hazardous is None or waste.hazardous == hazardous
        for index in range(_first_month(state), len(state.periods))
        if index not in state.shutdowns.get(firm.credit_code, set())
    ]
    state.rng.shuffle(cells)
    return cells


def _take(state, count: int, cells: list) -> Iterator[tuple[str, str, int]]:
    """Free cells, until the caller has used `count` of them (it says so by labelling)."""
    wanted = len(state.labels) + count
    for cell in cells:
        if len(state.labels) >= wanted:
            return
        if cell not in state.blocked:
            yield cell


def world_plan(state, counts: dict[str, int]) -> None:
    """Anomalies of the physical world, planned before it is simulated."""
    rng, months = state.rng, len(state.periods)
    shifts = 0
    for code, category, index in _cells(state):
        if shifts >= counts["level_shift"]:
            break
        taken = any((code, category, i) in state.blocked for i in range(index, months))
        if index > months - 2 or code in state.ramps or (code, category) in state.levels or taken:
            continue
        shifts += 1
        factor = rng.uniform(1.4, 2.0) if rng.random() < 0.5 else rng.uniform(0.4, 0.6)
        state.levels[(code, category)] = (index, factor)
        # Every month the shift lasts is labelled: each is reported off what the plant's
        # output explains, not only the first.
        for month in range(index, months):
            state.label(
                "level_shift",
                code,
                category,
                month,
                factor=round(factor, 3),
                since=f"{state.periods[index]:%Y-%m}",
                lasting_to=f"{state.periods[-1]:%Y-%m}",
            )
    for code, category, index in _take(
        state, counts["phantom_transfer"], _cells(state, hazardous=False)
    ):
        month = (state.recipients.get((code, category)) or [{}] * months)[index]
        if not month:
            continue
        legit = state.legit_receivers(code)
        others = [f for f in state.firms if f.industry.accepts and f.credit_code not in legit]
        others = [f for f in others if f.credit_code != code]
        if not others:
            continue
        fitting = [f for f in others if category in f.industry.accepts] or others
        receiver = rng.choice(fitting).credit_code
        share = rng.uniform(0.3, 0.8)
        moved = {k: v * (1 - share) for k, v in month.items()}
        moved[receiver] = share
        state.recipients[(code, category)][index] = moved
        state.silent.add((code, receiver))
        state.label(
            "phantom_transfer", code, category, index, counterparty=receiver, share=round(share, 3)
        )


def reports_apply(state, counts: dict[str, int]) -> None:
    """Anomalies of reporting and of devices, applied to the simulated world."""
    _spikes(state, counts["spike"])
    _under_reporting(state, counts["under_reporting"])
    _balance_breaks(state, counts["balance_break"])
    _measured_vs_reported(state, counts["measured_vs_reported"])
    _counterparty_mismatches(state, counts["counterparty_mismatch"])
    _manifest_discrepancies(state, counts["manifest_discrepancy"])
    _stuck_sensors(state, counts["stuck_sensor"])
    _device_gaps(state, counts["device_gap"])
    _duplicated_tickets(state, counts["duplicated_tickets"])


def _spikes(state, count: int) -> None:
    """One month's generation ×3–10; the excess is reported as used or disposed on site."""
    for code, category, index in _take(state, count, _cells(state)):
        cell = state.reported[(code, category)][index]
        if cell.generated <= 0:
            continue
        factor = state.rng.uniform(3, 10)
        extra = r3(cell.generated * (factor - 1))
        cell.generated = r3(cell.generated + extra)
        waste = state.by_code[code].waste(category)
        if waste.utilised >= waste.disposed:
            cell.utilised = r3(cell.utilised + extra)
        else:
            cell.disposed = r3(cell.disposed + extra)
        state.label("spike", code, category, index, factor=round(factor, 2))


def _cut_onsite(cell, cut: float) -> None:
    onsite = cell.onsite
    left = onsite - cut
    cell.utilised = r3(cell.utilised * left / onsite) if onsite else 0.0
    cell.disposed = r3(left - cell.utilised)


def _under_reporting(state, count: int) -> None:
    """For 1–3 months, generation reported at 20–50 % of the truth while output goes on; the
    hidden part is left out of what is said to be used or disposed on site."""
    rng, months = state.rng, len(state.periods)
    for code, category, index in _take(state, count, _cells(state)):
        cells = state.reported[(code, category)]
        run = [i for i in range(index, index + rng.randint(1, 3)) if i < months]
        if any(
            (code, category, i) in state.blocked
            or i in state.shutdowns.get(code, set())
            or cells[i].generated <= 0
            or cells[i].onsite < 0.52 * cells[i].generated
            for i in run
        ):
            continue
        for i in run:
            cell = cells[i]
            fraction = rng.uniform(max(0.2, 1 - cell.onsite / cell.generated + 0.01), 0.5)
            reported = r3(cell.generated * fraction)
            _cut_onsite(cell, cell.generated - reported)
            cell.generated = reported
            state.label(
                "under_reporting", code, category, i, fraction=round(fraction, 3), run=len(run)
            )


def _balance_breaks(state, count: int) -> None:
    """The stock opening a month is not the previous closing: it jumps by ±(50 t or more),
    and the enterprise carries the new stock on, so every monthly ledger still balances."""
    rng = state.rng
    for code, category, index in _take(state, count, _cells(state)):
        if index < 1:
            continue
        cells = state.reported[(code, category)]
        typical = sum(c.generated for c in cells) / len(cells)
        jump = r3(max(50.0, rng.uniform(0.3, 1.0) * typical))
        floor = min(min(c.opening, c.closing) for c in cells[index:])
        sign = -1 if rng.random() < 0.5 and floor > jump else 1
        for cell in cells[index:]:
            cell.opening = r3(cell.opening + sign * jump)
            cell.closing = r3(cell.closing + sign * jump)
        state.label(
            "balance_break",
            code,
            category,
            index,
            previous_closing=f"{cells[index - 1].closing:.3f}",
            opening=f"{cells[index].opening:.3f}",
        )


def _loads(state, code: str, index: int, category: str) -> list:
    return [load for load in state.tickets.get((code, index), []) if load.category == category]


def _measured_vs_reported(state, count: int) -> None:
    """Reported transfers 25–60 % above or below what the weighbridge saw; the difference is
    claimed as (or taken from) use on site. The receivers echo the reported figure (both sides
    copy the same delivery notes), so only the weighings tell."""
    rng = state.rng
    for code, category, index in _take(state, count, _cells(state, hazardous=False)):
        cell = state.reported[(code, category)][index]
        loads = _loads(state, code, index, category)
        if (code, index) in state.device_used or len(loads) < 3 or cell.transferred <= 0:
            continue
        change = rng.uniform(0.25, 0.6)
        sign = 1 if rng.random() < 0.5 and cell.onsite > cell.transferred * change else -1
        before = cell.transferred
        cell.transfers = {k: r3(v * (1 + sign * change)) for k, v in cell.transfers.items()}
        delta = cell.transferred - before
        if delta > 0:
            _cut_onsite(cell, delta)
        else:
            cell.utilised = r3(cell.utilised - delta)
        state.device_used.add((code, index))
        state.label(
            "measured_vs_reported",
            code,
            category,
            index,
            reported=f"{cell.transferred:.3f}",
            weighed=f"{sum(load.net_kg for load in loads) / 1000:.3f}",
        )


def _counterparty_mismatches(state, count: int) -> None:
    """The receiver reports 25–50 % more or less than the generator says it sent; both cells
    are labelled (either party's figure may be the one a review finds wrong)."""
    rng = state.rng
    for code, category, index in _take(state, count, _cells(state, hazardous=False)):
        cell = state.reported[(code, category)][index]
        receivers = sorted(
            r for r, t in cell.transfers.items() if t >= 20 and (code, r) not in state.silent
        )
        if not receivers:
            continue
        receiver = rng.choice(receivers)
        factor = 1 + (1 if rng.random() < 0.5 else -1) * rng.uniform(0.25, 0.5)
        state.receipt_factor[(code, category, index, receiver)] = factor
        detail = {"sent": f"{cell.transfers[receiver]:.3f}", "factor": round(factor, 3)}
        state.label("counterparty_mismatch", code, category, index, counterparty=receiver, **detail)
        # The receiver's ledger carries the figure that does not match: its cell is as odd.
        state.label("counterparty_mismatch", receiver, category, index, counterparty=code, **detail)


def _manifest_discrepancies(state, count: int) -> None:
    """1–3 manifests of the month received 15–40 % lighter (or 15–30 % heavier) than shipped;
    the receiver's ledger reports what it received, and its cell is labelled too."""
    rng = state.rng
    for code, category, index in _take(state, count, _cells(state, hazardous=True)):
        manifests = [
            m
            for m in state.manifests
            if m["generator"] == code and m["category"] == category and m["index"] == index
        ]
        if not manifests:
            continue
        chosen = rng.sample(manifests, rng.randint(1, min(3, len(manifests))))
        for manifest in chosen:
            lighter = rng.random() < 0.8
            factor = 1 - rng.uniform(0.15, 0.4) if lighter else 1 + rng.uniform(0.15, 0.3)
            manifest["received_kg"] = round(manifest["shipped_kg"] * factor)
        state.label(
            "manifest_discrepancy",
            code,
            category,
            index,
            manifests=sorted(m["number"] for m in chosen),
        )
        # Each receiver's ledger reports the quantity it confirmed: its cell carries the gap.
        for receiver, waste_code in sorted({(m["receiver"], m["waste_code"]) for m in chosen}):
            numbers = sorted(
                m["number"]
                for m in chosen
                if (m["receiver"], m["waste_code"]) == (receiver, waste_code)
            )
            state.label(
                "manifest_discrepancy",
                receiver,
                category,
                index,
                waste_code=waste_code,
                manifests=numbers,
            )


def _device_cells(state, minimum: int) -> Iterator[tuple[str, str, int, list]]:
    for code, category, index in _cells(state):
        loads = _loads(state, code, index, category)
        if (code, index) not in state.device_used and len(loads) >= minimum:
            yield code, category, index, loads


def _day(moment) -> str:
    return f"{moment.astimezone(BEIJING):%Y-%m-%d}"


def _device_label(state, kind: str, code: str, category: str, index: int, loads, **extra):
    state.device_used.add((code, index))
    state.label(
        kind,
        code,
        category,
        index,
        point=POINT_CODE,
        first_day=_day(loads[0].when),
        last_day=_day(loads[-1].when),
        **extra,
    )


def _stuck_sensors(state, count: int) -> None:
    """A run of 6–20 consecutive tickets of one waste repeat the first one's gross and tare."""
    rng, wanted = state.rng, len(state.labels) + count
    for code, category, index, loads in _device_cells(state, 8):
        if len(state.labels) >= wanted:
            return
        if (code, category, index) in state.blocked:
            continue
        run = min(len(loads), rng.randint(6, 20))
        start = rng.randint(0, len(loads) - run)
        stuck = loads[start : start + run]
        for load in stuck[1:]:
            load.tare_kg, load.net_kg = stuck[0].tare_kg, stuck[0].net_kg
        _device_label(state, "stuck_sensor", code, category, index, stuck, tickets=run)


def _device_gaps(state, count: int) -> None:
    """No tickets at all for 10–14 days of the month, while the trucks went on leaving (the
    ledger and the manifests report them)."""
    rng, wanted = state.rng, len(state.labels) + count
    for code, _category, index, _loads in _device_cells(state, 3):
        if len(state.labels) >= wanted:
            return
        period = state.periods[index]
        every = state.tickets[(code, index)]
        width = rng.randint(10, 14)
        first = rng.randint(1, calendar.monthrange(period.year, period.month)[1] - width + 1)
        gone = [t for t in every if first <= t.when.astimezone(BEIJING).day < first + width]
        categories = sorted({t.category for t in gone})
        if not gone or any((code, c, index) in state.blocked for c in categories):
            continue
        state.tickets[(code, index)] = [t for t in every if t not in gone]
        for category in categories:
            missing = [t for t in gone if t.category == category]
            state.label(
                "device_gap",
                code,
                category,
                index,
                point=POINT_CODE,
                first_day=f"{period.replace(day=first):%Y-%m-%d}",
                last_day=f"{period.replace(day=first + width - 1):%Y-%m-%d}",
                tickets_missing=len(missing),
            )
        state.device_used.add((code, index))


def _duplicated_tickets(state, count: int) -> None:
    """8–20 % of a month's loads of one waste (at least 2) sent again minutes later under the
    next ticket numbers, with the same vehicle, gross and tare."""
    rng, wanted = state.rng, len(state.labels) + count
    for code, category, index, loads in _device_cells(state, 5):
        if len(state.labels) >= wanted:
            return
        if (code, category, index) in state.blocked:
            continue
        originals = sorted(
            rng.sample(loads, max(2, round(len(loads) * rng.uniform(0.08, 0.2)))),
            key=lambda load: load.when,
        )
        copies = [
            dataclasses.replace(load, when=load.when + timedelta(minutes=rng.randint(2, 9)))
            for load in originals
        ]
        every = state.tickets[(code, index)] + copies
        every.sort(key=lambda load: (load.when, load.category, load.counterparty))
        state.tickets[(code, index)] = every
        _device_label(
            state, "duplicated_tickets", code, category, index, originals, tickets=len(copies)
        )
