"""Weighbridge data quality, read the way an inspector reads a weighbridge's log: runs of
identical weighings (a frozen load cell), the same truck and weights sent again minutes later
(a load counted twice), and a point that weighs on most working days falling silent while the
ledger says waste left.

Everything is computed per monitoring point from that point's own tickets, so scoring one
enterprise or the whole city gives the same findings; they are reported per enterprise, waste
category and month (local time), one reason per finding.
"""

from datetime import date, timedelta

import chinese_calendar
import pandas as pd
from django.db.models import F
from django.utils import timezone

from detection.candidates import Candidate, Severity, threshold
from detection.loader import DetectionData
from monitoring.models import LedgerEntry, WeighTicket
from monitoring.rollups import local_day_start

KIND = "device_quality"
COLUMNS = [
    "ticket",
    "point_id",
    "point",
    "enterprise_id",
    "category_id",
    "vehicle",
    "weighed_at",
    "gross_t",
    "tare_t",
    "net_t",
]


def device_quality(data: DetectionData) -> list[Candidate]:
    """One candidate per (enterprise, category, month) from `since` on with any finding."""
    since, enterprise_ids, today = data.since, data.enterprise_ids, data.today
    history = timedelta(days=int(threshold("device_gap_history_days")))
    # Twice the history: a silence that began before `since` is judged on a full history.
    tickets = _tickets(since=since - 2 * history, enterprise_ids=enterprise_ids)
    if tickets.empty:
        return []
    found = [
        _stuck(tickets, least=int(threshold("device_stuck_tickets"))),
        _resent(
            tickets,
            window=pd.Timedelta(minutes=threshold("device_resent_minutes")),
            high=threshold("device_resent_high"),
        ),
        _gaps(
            tickets,
            least=int(threshold("device_gap_days")),
            history=history,
            usual=threshold("device_gap_active_share"),
            today=today,
        ),
    ]
    findings = pd.concat([f for f in found if not f.empty] or [_none()], ignore_index=True)
    findings = findings[findings["period"] >= since].sort_values(
        ["enterprise_id", "category_id", "period", "order"], kind="stable"
    )
    candidates: dict[tuple, Candidate] = {}
    for row in findings.itertuples():
        key = (int(row.enterprise_id), int(row.category_id), row.period)
        candidate = candidates.setdefault(key, Candidate(*key, KIND, Severity.MEDIUM))
        candidate.severity = max(candidate.severity, int(row.severity))
        candidate.reasons.append(row.reason)
    return list(candidates.values())


def _tickets(*, since: date, enterprise_ids: list[int] | None) -> pd.DataFrame:
    """The window's tickets in one query, weights in kilograms, times in local time."""
    tickets = WeighTicket.objects.filter(weighed_at__gte=local_day_start(since))
    if enterprise_ids is not None:
        tickets = tickets.filter(point__enterprise_id__in=enterprise_ids)
    frame = pd.DataFrame.from_records(
        tickets.annotate(enterprise_id=F("point__enterprise_id"), point_code=F("point__code"))
        .values_list(
            "pk",
            "point_id",
            "point_code",
            "enterprise_id",
            "category_id",
            "vehicle",
            "weighed_at",
            "gross_t",
            "tare_t",
            "net_t",
        )
        .iterator(chunk_size=20_000),
        columns=COLUMNS,
    )
    for name in ("gross", "tare", "net"):
        frame[f"{name}_kg"] = (frame.pop(f"{name}_t").astype(float) * 1000).round().astype("int64")
    frame["weighed_at"] = pd.to_datetime(frame["weighed_at"], utc=True).dt.tz_convert(
        timezone.get_default_timezone_name()
    )
    frame["day"] = frame["weighed_at"].dt.normalize().dt.tz_localize(None)
    frame["period"] = frame["day"].dt.to_period("M").dt.start_time.dt.date
    return frame


def _minute(moment: pd.Timestamp) -> str:
    return f"{moment:%Y-%m-%d %H:%M}"


FINDING = ["enterprise_id", "category_id", "period", "severity", "reason", "order"]


def _finding(frame: pd.DataFrame, order: int) -> pd.DataFrame:
    """One row per finding; `order` keeps the reasons of a flag in a fixed order."""
    return frame.assign(order=order)[FINDING]


def _none() -> pd.DataFrame:
    return pd.DataFrame(columns=FINDING)


def _stuck(tickets: pd.DataFrame, *, least: int) -> pd.DataFrame:
    """Runs of at least `least` consecutive tickets of one waste at one point with the same
    net weight to the kilogram (same gross and tare, as a frozen load cell gives, or the same
    net typed in). Read per waste, as the ledger is: another waste weighed in between does not
    break the run. High at twice that length."""
    frame = tickets.sort_values(["point_id", "category_id", "weighed_at", "ticket"])
    keys = frame[["point_id", "category_id", "net_kg"]]
    frame["run"] = keys.ne(keys.shift()).any(axis=1).cumsum()
    runs = frame.groupby("run").agg(
        tickets=("ticket", "size"),
        first=("weighed_at", "min"),
        last=("weighed_at", "max"),
        grosses=("gross_kg", "nunique"),
    )
    runs = runs[runs["tickets"] >= least]
    runs["severity"] = [
        Severity.HIGH if n >= 2 * least else Severity.MEDIUM for n in runs["tickets"]
    ]
    parts = frame[frame["run"].isin(runs.index)].drop_duplicates(["run", "period"])
    parts = parts.join(runs, on="run")
    parts["reason"] = [
        {
            "code": "device_stuck",
            "point": row.point,
            "tickets": int(row.tickets),
            "first": _minute(row.first),
            "last": _minute(row.last),
            "net_t": f"{row.net_kg / 1000:.3f}",
            "same_gross_tare": bool(row.grosses == 1),
        }
        for row in parts.itertuples()
    ]
    return _finding(parts, 0)


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


def _working_days(days: pd.DatetimeIndex) -> pd.Series:
    """China's official working days (with 调休 make-up days); Monday to Friday for years the
    installed calendar does not cover yet."""

    def working(day: date) -> bool:
        try:
            return chinese_calendar.is_workday(day)
        except NotImplementedError:
            return day.weekday() < 5

    return pd.Series([working(day.date()) for day in days], index=days)


def _gaps(
    tickets: pd.DataFrame, *, least: int, history: timedelta, usual: float, today: date
) -> pd.DataFrame:
    """A point that recorded tickets on at least `usual` of the working days of the `history`
    before it fell silent, then none on `least` working days of a month (counted per month, so
    that a finished month's reason no longer changes) whose ledger reports the waste
    transferred out. Flagged on the wastes the point weighed in that history; high at twice
    `least`. A point active on fewer days goes quiet for a week by chance too often."""
    end = pd.Timestamp(today - timedelta(days=1))  # today is not over yet
    days = pd.date_range(tickets["day"].min(), end, freq="D", name="day")
    counts = tickets.pivot_table(
        index="day", columns="point_id", values="ticket", aggfunc="size", fill_value=0
    ).reindex(days, fill_value=0)
    working = _working_days(days)
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
    months = months[months["days"] >= least]
    if months.empty:
        return _none()
    # The wastes each silent point weighed in the days before its silence.
    started = spells.set_index("spell")["day"]
    months["start"] = months["spell"].map(started)
    weighed = tickets[["point_id", "point", "enterprise_id", "category_id", "day"]].merge(
        months[["spell", "point_id", "start"]].drop_duplicates(), on="point_id"
    )
    weighed = weighed[
        (weighed["day"] < weighed["start"]) & (weighed["day"] >= weighed["start"] - history)
    ]
    months = months.merge(
        weighed[["spell", "point", "enterprise_id", "category_id"]].drop_duplicates(), on="spell"
    )
    reported = set(
        LedgerEntry.objects.filter(
            superseded_at__isnull=True,
            flow=LedgerEntry.Flow.TRANSFERRED_OUT,
            quantity_t__gt=0,
            enterprise_id__in=months["enterprise_id"].unique().tolist(),
            period__gte=months["period"].min(),
        ).values_list("enterprise_id", "category_id", "period")
    )
    keys = zip(months["enterprise_id"], months["category_id"], months["period"], strict=True)
    months = months[[key in reported for key in keys]]
    months["severity"] = [
        Severity.HIGH if n >= 2 * least else Severity.MEDIUM for n in months["days"]
    ]
    months["reason"] = [
        {
            "code": "device_gap",
            "point": row.point,
            "first_day": f"{row.first_day:%Y-%m-%d}",
            "last_day": f"{row.last_day:%Y-%m-%d}",
            "days": int(row.days),
        }
        for row in months.itertuples()
    ]
    return _finding(months, 2)
