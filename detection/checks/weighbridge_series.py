"""Each weighbridge's daily series judged against its own past: the tonnes it weighs and the
tickets it records per working day, scored by the platform's streaming detector
(`detection.series.series_score`: causal, a score in [0, 1] per day). A day scoring at or
above `weighbridge_series_score` (see its note in settings) is an alarm: a weighbridge that
suddenly weighs twice its usual, records twice its usual tickets, or falls to a fraction of
it.

The series run on the official working-day clock (China's calendar with its 调休 make-up
days): weekends and public holidays, when many sites do not weigh at all, are left out rather
than read as silences, and the working days are consecutive to the detector, so a Spring
Festival week is not a gap either.

An alarm of a point is flagged on the wastes that moved with it that day: for a rise, each
waste weighed above its own usual level; for a fall, each waste weighed below its usual level
whose movement that month the enterprise's own figures attest (a plant at a standstill moves
nothing, and its quiet weighbridge is no anomaly; see `devices.waste_moved`). Where
device_quality already flags the enterprise, waste and month, that flag says why, and no
second one is raised. An alarm counts only when its change lasts three working days (see
PERSIST). High when the day's figure is at least twice, or at most half, the
point's usual level (the median of its previous `weighbridge_series_days` working days).

A point is judged only on days it weighed on most (`device_gap_active_share`) of the working
days before, and once it has `weighbridge_series_history_days` working days behind it.
"""

import numpy as np
import pandas as pd

from detection.candidates import Candidate, Severity, threshold
from detection.checks.devices import (
    FINDING,
    device_quality,
    findings_candidates,
    waste_moved,
    working_days,
)
from detection.loader import DetectionData
from detection.series import series_score

KIND = "weighbridge_series"
DAY = 86_400.0
MEASURES = ("net_t", "tickets")
# Working days an alarm's change must last (its day and the next two): a plant clearing a
# stockpile in one busy day, or idle for one, is logistics; a weighbridge re-sending or
# missing loads, or a change in what leaves, lasts. An alarm on the last two days waits.
PERSIST = 3


def weighbridge_series(data: DetectionData) -> list[Candidate]:
    """One candidate per (enterprise, waste, month) from `since` on with an alarm that
    device_quality does not already explain."""
    days = data.point_days
    end = pd.Timestamp(data.today) - pd.Timedelta(days=1)  # today is not over yet
    days = days[days["day"] <= end]
    if days.empty:
        return []
    calendar = pd.date_range(days["day"].min(), end, freq="D")
    clock = calendar[working_days(calendar).to_numpy()]
    usual_days = int(threshold("weighbridge_series_days"))
    alarms = pd.concat(
        [
            _alarms(point, clock, since=pd.Timestamp(data.since), usual_days=usual_days)
            for _, point in days.groupby("point_id")
        ],
        ignore_index=True,
    )
    if alarms.empty:
        return []
    alarms = alarms.sort_values(["point_id", "day", "measure"], kind="stable")
    findings = _findings(alarms, days, clock, data, usual_days=usual_days)
    explained = {(c.enterprise_id, c.category_id, c.period) for c in device_quality(data)}
    keys = zip(findings["enterprise_id"], findings["category_id"], findings["period"], strict=True)
    findings = findings[np.array([key not in explained for key in keys], dtype=bool)]
    return findings_candidates(findings, data, KIND)


def _usual(values: pd.Series | pd.DataFrame, usual_days: int):
    """The median of the previous `usual_days` working days (causal, like the score)."""
    return values.shift(1).rolling(usual_days, min_periods=usual_days // 2).median()


def _lasting(values: pd.Series, usual: pd.Series, days: int) -> pd.Series:
    """Days from which `days` working days all stay on the same side of that day's usual
    level: a change that lasts, not one busy or quiet day."""
    ahead = [values.shift(-n) for n in range(days)]
    above = pd.concat([a > usual for a in ahead], axis=1).all(axis=1)
    below = pd.concat([a < usual for a in ahead], axis=1).all(axis=1)
    return above | below


def _alarms(
    point: pd.DataFrame, clock: pd.DatetimeIndex, *, since: pd.Timestamp, usual_days: int
) -> pd.DataFrame:
    """The point's alarms from `since` on: one row per measure and run of consecutive alarmed
    working days, with the figures of its first day."""
    totals = point.groupby("day")[list(MEASURES)].sum()
    series = totals.reindex(clock[clock >= totals.index.min()], fill_value=0).astype(float)
    usual = _usual(series, usual_days)
    # A point judged on a day weighed on most of the working days before it: the daily series
    # of one that weighs now and then is bursts, and a burst is no anomaly.
    weighs = (series["tickets"] > 0).astype(float).shift(1).rolling(usual_days).mean()
    steady = weighs >= threshold("device_gap_active_share")
    # And only once it has a year behind it: until then what the detector knows as usual has
    # not seen the year's busy and quiet seasons, and the first of each looks like an event.
    steady &= np.arange(len(series)) >= threshold("weighbridge_series_history_days")
    judged = steady & (series.index >= since)
    if not judged.any():  # nothing to judge: the detector's cost is spared
        return pd.DataFrame()
    bar = threshold("weighbridge_series_score")
    found = []
    for measure in MEASURES:
        score = series_score(np.arange(len(series)) * DAY, series[measure].to_numpy())
        alarmed = pd.Series(score >= bar, index=series.index)
        onset = alarmed & ~alarmed.shift(fill_value=False)
        onset &= judged & _lasting(series[measure], usual[measure], PERSIST)
        for day in series.index[onset.to_numpy()]:
            found.append(
                {
                    "point_id": point["point_id"].iat[0],
                    "point": point["point"].iat[0],
                    "enterprise_id": point["enterprise_id"].iat[0],
                    "day": day,
                    "measure": measure,
                    "value": series.at[day, measure],
                    "expected": usual.at[day, measure],
                }
            )
    return pd.DataFrame(found)


def _findings(
    alarms: pd.DataFrame,
    days: pd.DataFrame,
    clock: pd.DatetimeIndex,
    data: DetectionData,
    *,
    usual_days: int,
) -> pd.DataFrame:
    """Each alarm on the wastes of its point that moved with it (see the module's note)."""
    keys = ["point_id", "category_id", "direction"]
    alarmed = days[days["point_id"].isin(alarms["point_id"])]
    wastes = alarmed.pivot_table(
        index="day", columns=keys, values=list(MEASURES), aggfunc="sum", fill_value=0
    ).reindex(clock, fill_value=0)
    usual = _usual(wastes, usual_days)
    moved = waste_moved(data)
    rows = []
    for alarm in alarms.itertuples():
        rise = alarm.value > alarm.expected
        period = alarm.day.date().replace(day=1)
        today = wastes.loc[alarm.day, alarm.measure].xs(alarm.point_id, level="point_id")
        before = usual.loc[alarm.day, alarm.measure].xs(alarm.point_id, level="point_id")
        for (category_id, direction), value in today.items():
            expected = before[(category_id, direction)]
            if rise and not value > expected:
                continue
            if not rise and not (
                value < expected and (alarm.enterprise_id, category_id, period, direction) in moved
            ):
                continue
            far = alarm.value >= 2 * alarm.expected or alarm.value <= alarm.expected / 2
            rows.append(
                {
                    "enterprise_id": alarm.enterprise_id,
                    "category_id": category_id,
                    "period": period,
                    "severity": Severity.HIGH if far else Severity.MEDIUM,
                    "order": 0,
                    "reason": _reason(alarm),
                }
            )
    return pd.DataFrame(rows, columns=FINDING)


def _reason(alarm) -> dict:
    places = 0 if alarm.measure == "tickets" else 1
    return {
        "code": "weighbridge_series",
        "point": alarm.point,
        "day": f"{alarm.day:%Y-%m-%d}",
        "measure": alarm.measure,
        "value": f"{alarm.value:,.{places}f}",
        "expected": f"{alarm.expected:,.{places}f}",
    }
