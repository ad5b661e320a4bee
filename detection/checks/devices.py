"""Weighbridge data quality, read the way an inspector reads a weighbridge's log: runs of
identical weighings (a frozen load cell, whatever waste is on it), the same truck and weights
sent again minutes later (a load counted twice), and a point that weighs on most working days
falling silent while the ledger or the manifests say waste went on leaving or arriving.

Everything is computed per monitoring point from that point's own tickets, so scoring one
enterprise or the whole city gives the same findings; they are reported per enterprise, waste
and month (local time), one reason per finding. Weighbridges weigh categories: a finding names
the ledger's 8-digit code where the enterprise reports a single code of that category that
month, else the category.
"""

from datetime import date, timedelta

import chinese_calendar
import pandas as pd

from detection.candidates import Candidate, Severity, threshold
from detection.loader import DetectionData

KIND = "device_quality"
FINDING = ["enterprise_id", "category_id", "period", "severity", "reason", "order"]
IN, OUT = "in", "out"  # a ticket's direction, as the loader gives it


def device_quality(data: DetectionData) -> list[Candidate]:
    """One candidate per (enterprise, waste, month) from `since` on with any finding."""
    history = timedelta(days=int(threshold("device_gap_history_days")))
    # Twice the history: a silence that began before `since` is judged on a full history.
    tickets = data.tickets(days_before=2 * history.days)
    if tickets.empty:
        return []
    tickets = _in_kilograms(tickets)
    found = [
        _stuck(tickets, least=int(threshold("device_stuck_tickets"))),
        _resent(
            tickets,
            window=pd.Timedelta(minutes=threshold("device_resent_minutes")),
            high=threshold("device_resent_high"),
        ),
        _gaps(
            tickets,
            data,
            least=int(threshold("device_gap_days")),
            history=history,
            usual=threshold("device_gap_active_share"),
        ),
    ]
    findings = pd.concat([f for f in found if not f.empty] or [_none()], ignore_index=True)
    return findings_candidates(findings[findings["period"] >= data.since], data, KIND)


def findings_candidates(findings: pd.DataFrame, data: DetectionData, kind: str) -> list[Candidate]:
    """Findings (FINDING columns) grouped into one candidate per (enterprise, waste, month),
    reasons in `order`, the highest severity."""
    findings = findings.sort_values(
        ["enterprise_id", "category_id", "period", "order"], kind="stable"
    )
    codes = data.single_codes.to_dict()
    candidates: dict[tuple, Candidate] = {}
    for row in findings.itertuples():
        key = (int(row.enterprise_id), int(row.category_id), row.period)
        candidate = candidates.get(key)
        if candidate is None:
            candidate = candidates[key] = Candidate(
                *key, kind, Severity.MEDIUM, waste_code=codes.get(key, "")
            )
        candidate.severity = max(candidate.severity, int(row.severity))
        candidate.reasons.append(row.reason)
    return list(candidates.values())


def _in_kilograms(tickets: pd.DataFrame) -> pd.DataFrame:
    """Weights as whole kilograms (the weighbridge's resolution), to compare them exactly."""
    tickets = tickets.reset_index(drop=True)
    for name in ("gross", "tare", "net"):
        tickets[f"{name}_kg"] = (tickets[f"{name}_t"] * 1000).round().astype("int64")
    return tickets


def _minute(moment: pd.Timestamp) -> str:
    return f"{moment:%Y-%m-%d %H:%M}"


def _finding(frame: pd.DataFrame, order: int) -> pd.DataFrame:
    """One row per finding; `order` keeps the reasons of a flag in a fixed order."""
    return frame.assign(order=order)[FINDING]


def _none() -> pd.DataFrame:
    return pd.DataFrame(columns=FINDING)


def _runs(tickets: pd.DataFrame, by: list[str], least: int) -> pd.Series:
    """The run of each ticket in runs of at least `least` consecutive tickets of the same
    `by` with the same net weight to the kilogram, indexed like `tickets` (others dropped)."""
    frame = tickets.sort_values([*by, "weighed_at", "ticket"])
    keys = frame[[*by, "net_kg"]]
    run = keys.ne(keys.shift()).any(axis=1).cumsum()
    size = run.map(run.value_counts())
    return run[size >= least]


def _stuck(tickets: pd.DataFrame, *, least: int) -> pd.DataFrame:
    """Runs of at least `least` consecutive tickets with the same net weight to the kilogram
    (same gross and tare, as a frozen load cell gives, or the same net typed in), read two
    ways: a device's tickets across all its wastes (a frozen load cell reads the same whatever
    is on it, so its run may hold only two or three tickets of each waste), and one waste's
    tickets at a point (weights typed in for one waste: another waste weighed in between does
    not break the run). A run of one waste that lies within a device's run is that run. Every
    waste and month of a run is flagged; high at twice `least`."""
    device = _runs(tickets, ["point_id"], least)
    waste = _runs(tickets, ["point_id", "category_id"], least)
    inside = pd.Series(waste.index.isin(device.index), index=waste.index)
    waste = waste[~inside.groupby(waste).transform("all")]
    runs = pd.concat([device, waste + (int(device.max()) + 1 if len(device) else 0)])
    if runs.empty:
        return _none()
    frame = tickets.loc[runs.index].assign(run=runs.to_numpy())
    summary = frame.groupby("run").agg(
        tickets=("ticket", "size"),
        first=("weighed_at", "min"),
        last=("weighed_at", "max"),
        grosses=("gross_kg", "nunique"),
        wastes=("category_id", "nunique"),
    )
    parts = frame.drop_duplicates(["run", "category_id", "period"]).join(summary, on="run")
    parts["severity"] = [
        Severity.HIGH if n >= 2 * least else Severity.MEDIUM for n in parts["tickets"]
    ]
    parts["reason"] = [_stuck_reason(row) for row in parts.itertuples()]
    return _finding(parts, 0)


def _stuck_reason(row) -> dict:
    reason = {
        "code": "device_stuck",
        "point": row.point,
        "tickets": int(row.tickets),
        "first": _minute(row.first),
        "last": _minute(row.last),
        "net_t": f"{row.net_kg / 1000:.3f}",
        "same_gross_tare": bool(row.grosses == 1),
    }
    if row.wastes > 1:
        reason.update(code="device_stuck_wastes", wastes=int(row.wastes))
    return reason


def _resent(tickets: pd.DataFrame, *, window: pd.Timedelta, high: float) -> pd.DataFrame:
    """Tickets repeating the same vehicle's gross and tare at the same point within `window`
    of the previous one: one load weighed, or sent, twice. High from `high` such tickets in a
    month."""
    keys = ["point_id", "vehicle", "gross_kg", "tare_kg"]
    frame = tickets.sort_values([*keys, "weighed_at", "ticket"])
    same = frame[keys].eq(frame[keys].shift()).all(axis=1)
    again = frame[same & (frame["weighed_at"] - frame["weighed_at"].shift() <= window)]
    counts = (
        again.groupby(["enterprise_id", "category_id", "period", "point"])
        .agg(tickets=("ticket", "size"), first=("weighed_at", "min"), last=("weighed_at", "max"))
        .reset_index()
    )
    counts["severity"] = [
        Severity.HIGH if n >= high else Severity.MEDIUM for n in counts["tickets"]
    ]
    counts["reason"] = [
        {
            "code": "device_resent",
            "point": row.point,
            "tickets": int(row.tickets),
            "first": _minute(row.first),
            "last": _minute(row.last),
        }
        for row in counts.itertuples()
    ]
    return _finding(counts, 1)


def working_days(days: pd.DatetimeIndex) -> pd.Series:
    """China's official working days (with 调休 make-up days); Monday to Friday for years the
    installed calendar does not cover yet."""

    def working(day: date) -> bool:
        try:
            return chinese_calendar.is_workday(day)
        except NotImplementedError:
            return day.weekday() < 5

    return pd.Series([working(day.date()) for day in days], index=days)


def _gaps(
    tickets: pd.DataFrame,
    data: DetectionData,
    *,
    least: int,
    history: timedelta,
    usual: float,
) -> pd.DataFrame:
    """A point that recorded tickets on at least `usual` of the working days of the `history`
    before it fell silent, then none on `least` working days (however many months the silence
    spans; each month's reason counts its own days), whatever it weighs: flagged on each
    waste the point weighed in that history, in either direction, whose movement that month
    the enterprise's own figures attest (`waste_moved`). A plant at a standstill moves nothing, and
    its silent weighbridge is no anomaly. High at twice `least`. A point active on fewer days
    goes quiet for a week by chance too often."""
    end = pd.Timestamp(data.today - timedelta(days=1))  # today is not over yet
    days = pd.date_range(tickets["day"].min(), end, freq="D", name="day")
    counts = tickets.pivot_table(
        index="day", columns="point_id", values="ticket", aggfunc="size", fill_value=0
    ).reindex(days, fill_value=0)
    working = working_days(days)
    active = (counts > 0).astype(float).where(working, axis=0)
    share = active.shift(1).rolling(history.days, min_periods=history.days // 3).mean()
    grid = pd.DataFrame({"silent": counts.eq(0).unstack(), "usual": share.unstack()})
    grid = grid.reset_index()
    grid["working"] = grid["day"].map(working)
    went_silent = grid["silent"] & ~(
        grid["silent"].shift(fill_value=False) & grid["point_id"].eq(grid["point_id"].shift())
    )
    grid["spell"] = went_silent.cumsum().where(grid["silent"])
    spells = grid[went_silent & (grid["usual"] >= usual)]
    silent = grid[grid["spell"].isin(spells["spell"]) & grid["working"]].copy()
    silent["period"] = silent["day"].dt.to_period("M").dt.start_time.dt.date
    months = (
        silent.groupby(["spell", "point_id", "period"])
        .agg(first_day=("day", "min"), last_day=("day", "max"), days=("day", "size"))
        .reset_index()
    )
    # A silence is judged on all its working days, though it crosses a month's end or a
    # holiday: each month of it is flagged with its own days.
    spell_days = months.groupby("spell")["days"].transform("sum")
    months = months[spell_days >= least]
    if months.empty:
        return _none()
    # The wastes, and their direction, each silent point weighed in the days before it fell
    # silent.
    started = spells.set_index("spell")["day"]
    months["start"] = months["spell"].map(started)
    weighed = tickets[
        ["point_id", "point", "enterprise_id", "category_id", "direction", "day"]
    ].merge(months[["spell", "point_id", "start"]].drop_duplicates(), on="point_id")
    weighed = weighed[
        (weighed["day"] < weighed["start"]) & (weighed["day"] >= weighed["start"] - history)
    ]
    wastes = ["spell", "point", "enterprise_id", "category_id", "direction"]
    months = months.merge(weighed[wastes].drop_duplicates(), on="spell")
    moved = waste_moved(data)
    months["moved"] = [
        moved.get(key)
        for key in zip(
            months["enterprise_id"],
            months["category_id"],
            months["period"],
            months["direction"],
            strict=True,
        )
    ]
    months = months[months["moved"].notna()]
    # Where the ledger says how much moved, the silence must have missed some of it: a plant
    # that stopped for a week moved less, and its ledger agrees with what was weighed.
    short = _weighed_short(data)
    keys = zip(
        months["enterprise_id"],
        months["category_id"],
        months["period"],
        months["direction"],
        strict=True,
    )
    missed = [m != "ledger" or key in short for m, key in zip(months["moved"], keys, strict=True)]
    months = months.loc[pd.Series(missed, index=months.index, dtype=bool)]
    months["severity"] = [
        Severity.HIGH if n >= 2 * least else Severity.MEDIUM for n in months["days"]
    ]
    months["reason"] = [_gap_reason(row) for row in months.itertuples()]
    return _finding(months, 2)


def waste_moved(data: DetectionData) -> dict[tuple, str]:
    """(enterprise, category, month, direction) -> what says that waste left or arrived that
    month: "ledger" (transferred out, or received, reported), else "manifests" (a manifest
    received: a receiver's ledger may be late or missing, the generator's manifest is not).
    Outbound only by the ledger: what leaves a plant is in its own ledger."""
    moved: dict[tuple, str] = {}
    manifests = data.manifests
    if not manifests.empty:
        periods = [
            shipped if pd.isna(received) else date(received.year, received.month, 1)
            for received, shipped in zip(manifests["received_at"], manifests["period"], strict=True)
        ]
        for key in zip(manifests["receiver_id"], manifests["category_id"], periods, strict=True):
            moved[(*key, IN)] = "manifests"
    ledger = data.ledger
    flows = {"transferred_out": OUT, "received": IN}  # the ledger flow each direction moves
    lines = ledger[ledger["flow"].isin(list(flows)) & (ledger["quantity_t"] > 0)]
    for row in lines[["enterprise_id", "category_id", "period", "flow"]].itertuples(index=False):
        moved[(row.enterprise_id, row.category_id, row.period, flows[row.flow])] = "ledger"
    return moved


def _weighed_short(data: DetectionData) -> set[tuple]:
    """(enterprise, category, month, direction) whose reported transfers out (or receipts)
    exceed what was weighed that way by more than `measured_gap_ratio` of them."""
    ledger = data.ledger
    flows = {"transferred_out": OUT, "received": IN}
    lines = ledger[ledger["flow"].isin(list(flows))]
    reported = (
        lines.assign(direction=lines["flow"].map(flows))
        .groupby(["enterprise_id", "category_id", "period", "direction"])["quantity_t"]
        .sum()
    )
    rollups = data.rollups.assign(
        period=lambda f: pd.to_datetime(f["day"]).dt.to_period("M").dt.start_time.dt.date
    )
    weighed = rollups.groupby(["enterprise_id", "category_id", "period", "direction"])[
        "net_t"
    ].sum()
    weighed = weighed.reindex(reported.index, fill_value=0.0)
    short = (reported - weighed) > threshold("measured_gap_ratio") * reported
    return set(reported.index[short])


def _gap_reason(row) -> dict:
    reason = {
        "code": "device_gap",
        "point": row.point,
        "first_day": f"{row.first_day:%Y-%m-%d}",
        "last_day": f"{row.last_day:%Y-%m-%d}",
        "days": int(row.days),
    }
    if row.direction == IN:
        reason.update(code="device_gap_in", receipts=row.moved)
    return reason
