"""What an enterprise says it sent against what was weighed going out, and against what its
counterparties say they received (or, for receivers that file no ledger here, what the
manifests say they took in)."""

import statistics
from datetime import timedelta

import pandas as pd

from detection.candidates import Candidate, Severity, severity_of, significant_gap, threshold
from detection.checks.reporting import ledger_due
from detection.loader import DetectionData

KEYS = ["enterprise_id", "category_id", "period"]


def _month(days: pd.Series) -> pd.Series:
    return pd.to_datetime(days).dt.to_period("M").dt.start_time.dt.date


def single_codes(ledger: pd.DataFrame) -> dict[tuple, str]:
    """The 8-digit code of each (enterprise, category, month) whose ledger names exactly one:
    what a finding about the category as a whole is about."""
    coded = ledger[ledger["waste_code"] != ""]
    codes = coded.groupby(KEYS)["waste_code"].unique()
    return {key: found[0] for key, found in codes.items() if len(found) == 1}


# --- measured vs reported ------------------------------------------------------------------


def measured_vs_reported(data: DetectionData) -> list[Candidate]:
    """Reported transfers out vs outbound weighings, per enterprise, category and month.

    Each month's gap, (weighed − reported) ÷ the larger, is judged against the enterprise's
    usual gap for that waste: the median of its previous clean months (at most
    `measured_gap_history`), with a tolerance of `measured_gap_spreads` robust spreads of
    those months, never tighter than `measured_gap_floor_ratio` (what a weighbridge's
    precision allows a month's sum). Without `measured_gap_history_min` clean months the
    tolerance is `measured_gap_ratio` around zero. A flagged month never enters the usual
    gap, so a gap that lasts is flagged on every month it lasts. Months in which the
    enterprise's weighbridges recorded nothing at all are left to the device-gap check: a
    silent device says nothing about what left."""
    ledger = data.ledger
    sent = ledger[ledger["flow"] == "transferred_out"]
    reported = sent.groupby(KEYS)["quantity_t"].sum()
    rollups = data.rollups
    outbound = rollups[rollups["direction"] == "out"].assign(period=lambda f: _month(f["day"]))
    weighed = outbound.groupby(KEYS)["net_t"].sum()
    weighed_months = set(zip(outbound["enterprise_id"], outbound["period"], strict=True))
    months = pd.concat({"reported": reported, "weighed": weighed}, axis=1).fillna(0.0)
    codes = single_codes(ledger)
    candidates = []
    for (enterprise_id, category_id), series in months.groupby(level=[0, 1]):
        clean: list[float] = []  # the gaps of the months judged usual so far, in time order
        for (_e, _c, period), said, seen in series.sort_index().itertuples(name=None):
            if (enterprise_id, period) not in weighed_months:
                continue
            gap = (seen - said) / max(said, seen)
            usual, tolerance = _usual_gap(clean[-int(threshold("measured_gap_history")) :])
            excess_t = abs(seen - said - usual * max(said, seen))
            if abs(gap - usual) <= tolerance or excess_t < threshold("measured_gap_min_t"):
                clean.append(gap)
                continue
            if period < data.since:
                continue
            reason = {
                "code": "measured_vs_reported",
                "reported_t": f"{said:.3f}",
                "measured_t": f"{seen:.3f}",
                "change_pct": round(100 * (seen - said) / said) if said else 100,
            }
            if len(clean) >= threshold("measured_gap_history_min"):
                reason["usual_pct"] = f"{100 * usual:.1f}"
                reason["tolerance_pct"] = f"{100 * tolerance:.1f}"
            candidates.append(
                Candidate(
                    int(enterprise_id),
                    int(category_id),
                    period,
                    "measured_vs_reported",
                    severity_of(gap - usual),
                    [reason],
                    waste_code=codes.get((enterprise_id, category_id, period), ""),
                )
            )
    return candidates


def _usual_gap(gaps: list[float]) -> tuple[float, float]:
    """The usual gap and the tolerance around it, from the clean months before."""
    if len(gaps) < threshold("measured_gap_history_min"):
        return 0.0, threshold("measured_gap_ratio")
    usual = statistics.median(gaps)
    # 1.4826 × the median absolute deviation: the standard deviation, were the gaps normal,
    # without letting one odd month widen it.
    spread = 1.4826 * statistics.median(abs(gap - usual) for gap in gaps)
    spreads = threshold("measured_gap_spreads") * spread
    return usual, max(spreads, threshold("measured_gap_floor_ratio"))


# --- counterparty --------------------------------------------------------------------------

PAIR = ["enterprise_id", "receiver_id", "category_id", "waste_code", "period"]


def counterparty(data: DetectionData) -> list[Candidate]:
    """What a generator says it transferred to each registered receiver vs what that receiver
    accounts for, per waste code (or per category, where either side's lines name no code)
    and month; one reason per receiver.

    - Receivers that file ledgers here: what they report received from the generator, once
      they have reported the month or their ledger of it is overdue. Both ways: a receiver
      reporting what the generator says it never sent is a gap too (when the generator has
      reported the month and named the receivers of all of that waste's transfers).
    - Receivers that file no ledger here (registered so that their manifests can be
      recorded): for hazardous waste, the manifests of the month, at what the receiver
      confirmed (at what was shipped while unconfirmed: the overdue check's business);
      general waste sent to them is not compared."""
    enterprises = data.enterprises
    by_code = pd.Series(enterprises.index, index=enterprises["credit_code"])
    since = data.since
    ledger = data.ledger
    sent = ledger[
        (ledger["flow"] == "transferred_out")
        & (ledger["counterparty"] != "")
        & (ledger["period"] >= since)
    ].assign(receiver_id=lambda f: f["counterparty"].map(by_code))
    sent = sent.dropna(subset=["receiver_id"]).astype({"receiver_id": int})
    files = enterprises["files_ledgers"]
    filing = sent["receiver_id"].map(files).astype(bool)
    candidates: dict[tuple, Candidate] = {}
    for row in _ledger_pairs(data, sent[filing]).itertuples():
        _add(candidates, data, row, "counterparty")
    hazardous_elsewhere = sent[~filing & sent["hazardous"]]
    for row in _manifest_pairs(data, hazardous_elsewhere).itertuples():
        _add(candidates, data, row, "counterparty_manifests")
    return list(candidates.values())


def _ledger_pairs(data: DetectionData, sent: pd.DataFrame) -> pd.DataFrame:
    """Sent and received per PAIR, where the comparison is due: the receiver has reported the
    month, or its ledger of the month is overdue."""
    enterprises = data.enterprises
    by_code = pd.Series(enterprises.index, index=enterprises["credit_code"])
    received = data.received_from_scope.assign(
        receiver_id=lambda f: f["enterprise_id"],
        enterprise_id=lambda f: f["counterparty"].map(by_code),
    )
    received = received.dropna(subset=["enterprise_id"]).astype({"enterprise_id": int})
    received = received[received["receiver_id"].map(enterprises["files_ledgers"]).astype(bool)]
    if data.enterprise_ids is not None:
        received = received[received["enterprise_id"].isin(data.enterprise_ids)]
    sides = pd.concat(
        [
            sent[PAIR].assign(sent_t=sent["quantity_t"], received_t=0.0),
            received[PAIR].assign(sent_t=0.0, received_t=received["quantity_t"]),
        ]
    )
    pairs = _by_waste(sides)
    filed = set(data.months_filed.itertuples(index=False, name=None))
    ledger = data.ledger
    unnamed = ledger[(ledger["flow"] == "transferred_out") & (ledger["counterparty"] == "")]
    unnamed_keys = set(unnamed[KEYS].itertuples(index=False, name=None))
    grace = timedelta(days=int(threshold("late_report_grace_days")))

    def due(row) -> bool:
        if (row.receiver_id, row.period) not in filed and data.today <= ledger_due(
            row.period
        ) + grace:
            return False  # the receiver's ledger of the month is not due yet
        if row.sent_t == 0:  # only the receiver names the transfer
            return (row.enterprise_id, row.period) in filed and (
                row.enterprise_id,
                row.category_id,
                row.period,
            ) not in unnamed_keys
        return True

    return pairs[[due(row) for row in pairs.itertuples()]] if len(pairs) else pairs


def _manifest_pairs(data: DetectionData, sent: pd.DataFrame) -> pd.DataFrame:
    """Sent per PAIR vs what the month's manifests of that generator, receiver and code
    account for."""
    manifests = data.manifests
    accounted = manifests["quantity_received_t"].where(
        manifests["received_at"].notna(), manifests["quantity_shipped_t"]
    )
    covered = manifests.assign(
        enterprise_id=manifests["generator_id"], received_t=accounted, sent_t=0.0
    )
    said = sent[PAIR].assign(sent_t=sent["quantity_t"], received_t=0.0)
    sides = pd.concat([said, covered[[*PAIR, "sent_t", "received_t"]]])
    pairs = _by_waste(sides)
    return pairs[pairs["sent_t"] > 0]


def _by_waste(sides: pd.DataFrame) -> pd.DataFrame:
    """Both sides summed per PAIR; where either side of a (generator, receiver, category,
    month) names no code, per category, with the code when the lines name only one."""
    group = ["enterprise_id", "receiver_id", "category_id", "period"]
    uncoded = (sides["waste_code"] == "").groupby([sides[k] for k in group]).transform("any")
    codes = sides[sides["waste_code"] != ""].groupby(group)["waste_code"].unique()
    sides = sides.assign(
        waste_code=sides["waste_code"].where(~uncoded, ""),
        named=[
            codes.get(key, [""])[0] if len(codes.get(key, [])) == 1 else ""
            for key in sides[group].itertuples(index=False, name=None)
        ],
    )
    summed = sides.groupby(PAIR, as_index=False).agg(
        sent_t=("sent_t", "sum"), received_t=("received_t", "sum"), named=("named", "first")
    )
    summed["waste_code"] = summed["waste_code"].where(summed["waste_code"] != "", summed["named"])
    return summed.drop(columns="named")


def _add(candidates: dict[tuple, Candidate], data: DetectionData, row, code: str) -> None:
    ratio = significant_gap(row.sent_t, row.received_t, thresholds="counterparty_gap")
    if ratio is None:
        return
    key = (row.enterprise_id, row.category_id, row.waste_code, row.period)
    candidate = candidates.get(key)
    if candidate is None:
        candidate = candidates[key] = Candidate(
            int(row.enterprise_id),
            int(row.category_id),
            row.period,
            "counterparty",
            Severity.LOW,
            waste_code=row.waste_code,
        )
    candidate.severity = max(candidate.severity, severity_of(ratio))
    candidate.reasons.append(
        {
            "code": code,
            "receiver": data.enterprises.at[row.receiver_id, "name"],
            "sent_t": f"{row.sent_t:.3f}",
            "received_t": f"{row.received_t:.3f}",
            "change_pct": round(100 * ratio),
        }
    )
    candidate.reasons.sort(key=lambda reason: (reason["receiver"], reason["code"]))
