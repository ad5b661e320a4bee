"""What an enterprise says it sent against what was weighed going out, and against what its
counterparties say they received (or, for receivers that file no ledger here, what the
manifests say they took in).

Both compare two figures of the same month whose honest gap depends on the enterprise (its
weighbridge's calibration, where its declared figures come from): each month is judged
against the series' own usual gap, from the months before it that were not unusual, with a
tolerance drawn from their spread and never tighter than what weighing precision allows."""

import itertools
import math
import statistics
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from detection.candidates import Candidate, Severity, severity_of, threshold
from detection.loader import DetectionData

KEYS = ["enterprise_id", "category_id", "period"]


@dataclass
class Unusual:
    period: date
    expected: float
    actual: float
    gap: float  # (actual − expected) ÷ the larger, less the usual gap
    usual: float | None  # None: too few months before to know the series' usual gap
    tolerance: float

    def figures(self) -> dict:
        """The usual gap and tolerance, for the reason, where the series had them."""
        if self.usual is None:
            return {}
        usual, tolerance = 100 * self.usual, 100 * self.tolerance
        return {"usual_pct": f"{usual:.1f}", "tolerance_pct": f"{tolerance:.1f}"}


def unusual_months(months: Iterable[tuple[date, float, float]], *, gap: str) -> Iterator[Unusual]:
    """The months of one series, (period, expected, actual) in time order, whose gap is
    beyond the usual, and at least `<gap>_min_t` tonnes beyond it.

    The usual gap is the median gap of the previous `usual_gap_history` months judged usual:
    an unusual month never becomes usual, so a gap that lasts is unusual every month. The
    tolerance is `usual_gap_spreads` spreads of the series, at least `<gap>_floor_ratio`; the
    spread is read from the changes between consecutive months of the previous
    `usual_gap_history`, unusual ones included: a lasting step changes it once, one odd month
    twice, and the series' own noise every month (judging the spread from the usual months
    alone would narrow it with every month it leaves out). With fewer than
    `usual_gap_history_min` usual months, the usual gap is zero and the tolerance
    `<gap>_ratio`. Two figures that agree within `<gap>_floor_ratio` (weighing precision) are
    never unusual, whatever the usual gap was: agreement is not a finding."""
    every: list[float] = []
    usual_ones: list[float] = []
    history, least = int(threshold("usual_gap_history")), threshold("usual_gap_history_min")
    for period, expected, actual in months:
        larger = max(abs(expected), abs(actual), 1e-9)
        ratio = (actual - expected) / larger
        if len(usual_ones) < least:
            usual, tolerance = None, threshold(f"{gap}_ratio")
        else:
            usual = statistics.median(usual_ones[-history:])
            recent = every[-history:]
            # For independent normal noise of standard deviation s, the median of the
            # absolute changes between consecutive months is 0.6745 × √2 × s.
            changes = [abs(b - a) for a, b in itertools.pairwise(recent)]
            spread = statistics.median(changes) / (0.6745 * math.sqrt(2))
            spreads = threshold("usual_gap_spreads") * spread
            tolerance = max(spreads, threshold(f"{gap}_floor_ratio"))
        every.append(ratio)
        off = ratio - (usual or 0.0)
        agree = abs(ratio) <= threshold(f"{gap}_floor_ratio")  # within weighing precision
        if agree or abs(off) <= tolerance or abs(off) * larger < threshold(f"{gap}_min_t"):
            usual_ones.append(ratio)
            continue
        yield Unusual(period, expected, actual, off, usual, tolerance)


def single_codes(ledger: pd.DataFrame) -> dict[tuple, str]:
    """The 8-digit code of each (enterprise, category, month) whose ledger names exactly one:
    what a finding about the category as a whole is about."""
    coded = ledger[ledger["waste_code"] != ""]
    codes = coded.groupby(KEYS)["waste_code"].unique()
    return {key: found[0] for key, found in codes.items() if len(found) == 1}


# --- measured vs reported ------------------------------------------------------------------


def measured_vs_reported(data: DetectionData) -> list[Candidate]:
    """Reported transfers out vs outbound weighings, per enterprise, category and month,
    judged by `unusual_months` (`measured_gap_*`). Months in which the enterprise's
    weighbridges recorded nothing at all are left to the device-gap check (a silent device
    says nothing about what left), and so are a waste's months before the weighbridge first
    weighed it going out (what leaves in drums or by pipe never crosses it). A flag names
    the month's 8-digit code where the category has one that month, or the codes whose
    reported transfers are off their manifests (`_off_manifests`); else the category."""
    months, weighed_months = _sent_and_weighed(data)
    codes = single_codes(data.ledger)
    off_manifests = _off_manifests(data)
    candidates = []
    for (enterprise_id, category_id), series in months.groupby(level=[0, 1]):
        series = series.droplevel([0, 1]).sort_index()
        judged = series[[(enterprise_id, period) in weighed_months for period in series.index]]
        judged = judged[judged["weighed"].gt(0).cummax()]
        for found in unusual_months(judged.itertuples(name=None), gap="measured_gap"):
            if found.period < data.since:
                continue
            said, seen = found.expected, found.actual
            reason = {
                "code": "measured_vs_reported",
                "reported_t": f"{said:.3f}",
                "measured_t": f"{seen:.3f}",
                "change_pct": round(100 * (seen - said) / said) if said else 100,
            }
            key = (enterprise_id, category_id, found.period)
            wastes = [codes[key]] if key in codes else off_manifests.get(key, [""])
            for code in wastes:
                candidates.append(
                    Candidate(
                        int(enterprise_id),
                        int(category_id),
                        found.period,
                        "measured_vs_reported",
                        severity_of(found.gap),
                        [reason | found.figures()],
                        waste_code=code,
                    )
                )
    return candidates


def _off_manifests(data: DetectionData) -> dict[tuple, list[str]]:
    """Per (enterprise_id, category_id, period), the waste codes whose reported transfers
    out are off what the month's manifests of that code shipped by more than
    `measured_gap_ratio`: which of a hazardous category's codes a weighed gap is about (the
    weighbridge weighs the category; a manifest names the code)."""
    ledger = data.ledger
    coded = ledger[(ledger["flow"] == "transferred_out") & (ledger["waste_code"] != "")]
    reported = coded.groupby([*KEYS, "waste_code"])["quantity_t"].sum()
    manifests = data.manifests.rename(columns={"generator_id": "enterprise_id"})
    shipped = manifests.groupby([*KEYS, "waste_code"])["quantity_shipped_t"].sum()
    both = pd.concat({"reported": reported, "shipped": shipped}, axis=1).fillna(0.0)
    both = both[both["shipped"] > 0]
    larger = both.abs().max(axis=1).clip(lower=1e-9)
    off = (both["reported"] - both["shipped"]).abs() / larger > threshold("measured_gap_ratio")
    found: dict[tuple, list[str]] = {}
    for enterprise_id, category_id, period, code in both.index[off]:
        found.setdefault((enterprise_id, category_id, period), []).append(code)
    return found


# --- counterparty --------------------------------------------------------------------------

PAIR = ["enterprise_id", "receiver_id", "category_id", "waste_code", "period"]


def counterparty(data: DetectionData) -> list[Candidate]:
    """What a generator says it transferred to each registered receiver vs what that receiver
    accounts for, per waste code (or per category, where either side's lines name no code)
    and month, judged by `unusual_months` (`counterparty_gap_*`) on the pair's series; one
    reason per receiver.

    - Receivers that file ledgers here: what they report received from the generator, from
      their first ledger here on, in the months they have reported, unless they report
      receipts of that waste that month without naming the sender. Both ways: a receiver
      reporting what the generator says it never sent is a gap too (when the generator has
      reported the month and named the receivers of all of that waste's transfers). A gap
      is flagged on both parties where the receiver accounts for a receipt from the
      generator, since either figure may be the wrong one; on the generator alone where the
      receiver accounts for none, or where the generator's own weighbridge already puts its
      figure in question (`_off_weighed`). A receiver that has not filed the waste for the
      month is the reporting check's finding, not one per generator that sent it some.
    - Receivers that file no ledger here (registered so that their manifests can be
      recorded): for hazardous waste, the manifests of the month, at what the receiver
      confirmed (at what was shipped while unconfirmed: the overdue check's business);
      general waste sent to them is not compared."""
    enterprises = data.enterprises
    by_code = pd.Series(enterprises.index, index=enterprises["credit_code"])
    ledger = data.ledger
    sent = ledger[(ledger["flow"] == "transferred_out") & (ledger["counterparty"] != "")]
    sent = sent.assign(receiver_id=sent["counterparty"].map(by_code)).dropna(subset=["receiver_id"])
    sent = sent.astype({"receiver_id": int})
    filing = sent["receiver_id"].map(enterprises["files_ledgers"]).astype(bool)
    scope = None if data.enterprise_ids is None else set(data.enterprise_ids)
    off_weighed = _off_weighed(data)
    candidates: dict[tuple, Candidate] = {}

    def add(enterprise_id: int, category_id: int, waste_code: str, found: Unusual, reason: dict):
        if scope is not None and enterprise_id not in scope:
            return
        key = (enterprise_id, category_id, waste_code, found.period)
        if key not in candidates:
            candidates[key] = Candidate(
                *key[:2], found.period, "counterparty", Severity.LOW, waste_code=waste_code
            )
        candidate = candidates[key]
        candidate.severity = max(candidate.severity, severity_of(found.gap))
        candidate.reasons.append(reason | found.figures())

    for pairs, code in (
        (_ledger_pairs(data, sent[filing]), "counterparty"),
        (_manifest_pairs(data, sent[~filing & sent["hazardous"]]), "counterparty_manifests"),
    ):
        for (generator, receiver, category_id, waste_code), series in pairs.groupby(PAIR[:4]):
            months = series[["period", "sent_t", "received_t"]].sort_values("period")
            for found in unusual_months(months.itertuples(index=False), gap="counterparty_gap"):
                if found.period < data.since:
                    continue
                reason = {
                    "code": code,
                    "receiver": enterprises.at[receiver, "name"],
                    "sent_t": f"{found.expected:.3f}",
                    "received_t": f"{found.actual:.3f}",
                    "change_pct": round(100 * (found.gap + (found.usual or 0.0))),
                }
                add(int(generator), int(category_id), waste_code, found, reason)
                sender_key = (generator, category_id, found.period)
                if code == "counterparty" and found.actual > 0 and sender_key not in off_weighed:
                    sender = {"sender": enterprises.at[generator, "name"]}
                    add(int(receiver), int(category_id), waste_code, found, reason | sender)
    for candidate in candidates.values():
        candidate.reasons.sort(
            key=lambda reason: (reason.get("sender", ""), reason["receiver"], reason["code"])
        )
    return list(candidates.values())


def _off_weighed(data: DetectionData) -> set[tuple]:
    """(enterprise_id, category_id, period) whose reported transfers out are off what its
    weighbridges weighed going out by more than `measured_gap_ratio`: the generator's own
    figure is in question, and a receiver whose receipt differs from it is not."""
    months, weighed_months = _sent_and_weighed(data)
    keys = months.index.to_frame(index=False)
    pairs = zip(keys["enterprise_id"], keys["period"], strict=True)
    months = months.loc[np.array([pair in weighed_months for pair in pairs], dtype=bool)]
    larger = months.abs().max(axis=1).clip(lower=1e-9)
    gap = (months["reported"] - months["weighed"]).abs() / larger
    return set(months.index[gap > threshold("measured_gap_ratio")])


def _sent_and_weighed(data: DetectionData) -> tuple[pd.DataFrame, set[tuple]]:
    """Reported transfers out and outbound weighings (tonnes, columns `reported` and
    `weighed`) per KEYS, and the (enterprise_id, period) in which its weighbridges weighed
    anything going out."""
    ledger = data.ledger
    sent = ledger[ledger["flow"] == "transferred_out"]
    reported = sent.groupby(KEYS)["quantity_t"].sum()
    rollups = data.rollups
    outbound = rollups[rollups["direction"] == "out"].assign(
        period=lambda f: pd.to_datetime(f["day"]).dt.to_period("M").dt.start_time.dt.date
    )
    weighed = outbound.groupby(KEYS)["net_t"].sum()
    weighed_months = set(zip(outbound["enterprise_id"], outbound["period"], strict=True))
    months = pd.concat({"reported": reported, "weighed": weighed}, axis=1)
    return months.reindex(columns=["reported", "weighed"]).fillna(0.0), weighed_months


def _ledger_pairs(data: DetectionData, sent: pd.DataFrame) -> pd.DataFrame:
    """Sent and received per PAIR, in the months where the comparison is due."""
    enterprises = data.enterprises
    by_code = pd.Series(enterprises.index, index=enterprises["credit_code"])
    received = data.received_from_scope
    received = received.assign(
        receiver_id=received["enterprise_id"], enterprise_id=received["counterparty"].map(by_code)
    )
    received = received.dropna(subset=["enterprise_id"]).astype({"enterprise_id": int})
    received = received[received["receiver_id"].map(enterprises["files_ledgers"]).astype(bool)]
    if data.enterprise_ids is not None:
        received = received[received["enterprise_id"].isin(data.enterprise_ids)]
    pairs = _by_waste(
        pd.concat(
            [
                sent[PAIR].assign(sent_t=sent["quantity_t"], received_t=0.0),
                received[PAIR].assign(sent_t=0.0, received_t=received["quantity_t"]),
            ]
        )
    )
    wastes_filed = data.wastes_filed
    filed = set(wastes_filed.itertuples(index=False, name=None))
    months_filed = set(zip(wastes_filed["enterprise_id"], wastes_filed["period"], strict=True))
    handles = set(zip(wastes_filed["enterprise_id"], wastes_filed["category_id"], strict=True))
    first_filed = data.first_filed
    ledger = data.ledger
    unnamed = ledger[(ledger["flow"] == "transferred_out") & (ledger["counterparty"] == "")]
    unnamed_keys = set(unnamed[KEYS].itertuples(index=False, name=None))
    unattributed = set(data.receipts_unattributed.itertuples(index=False, name=None))

    def reported(enterprise_id: int, pair) -> bool:
        """Whether the enterprise's ledger of the month accounts for the pair's waste: it has
        a line of it, or it filed the month and never handles that waste (so a transfer said
        to be made to it is unsupported). One that usually reports the waste and left it out,
        or has not filed the month, has not filed it: the reporting check's finding, which
        says nothing about what it exchanged."""
        if pair.period < data.since or (enterprise_id, pair.category_id, pair.period) in filed:
            return True
        return (enterprise_id, pair.period) in months_filed and (
            enterprise_id,
            pair.category_id,
        ) not in handles

    def due(pair) -> bool:
        if pair.period < first_filed.get(pair.receiver_id, date.max):
            return False  # before the receiver filed anything here
        if (pair.receiver_id, pair.category_id, pair.period) in unattributed:
            return False  # the receiver took in some of this waste without naming from whom
        if not reported(pair.receiver_id, pair):
            return False
        if pair.sent_t == 0:  # only the receiver names the transfer
            return (
                reported(pair.enterprise_id, pair)
                and (
                    pair.enterprise_id,
                    pair.category_id,
                    pair.period,
                )
                not in unnamed_keys
            )
        return True

    return pairs[[due(pair) for pair in pairs.itertuples()]] if len(pairs) else pairs


def _manifest_pairs(data: DetectionData, sent: pd.DataFrame) -> pd.DataFrame:
    """Sent per PAIR vs what the month's manifests of that generator, receiver and code
    account for, from `since` on (the months manifests are read for)."""
    manifests = data.manifests
    accounted = manifests["quantity_received_t"].where(
        manifests["received_at"].notna(), manifests["quantity_shipped_t"]
    )
    covered = manifests.assign(
        enterprise_id=manifests["generator_id"], sent_t=0.0, received_t=accounted
    )
    said = sent[PAIR].assign(sent_t=sent["quantity_t"], received_t=0.0)
    pairs = _by_waste(pd.concat([said, covered[[*PAIR, "sent_t", "received_t"]]]))
    return pairs[(pairs["sent_t"] > 0) & (pairs["period"] >= data.since)]


def _by_waste(sides: pd.DataFrame) -> pd.DataFrame:
    """Both sides summed per PAIR; where either side of a (generator, receiver, category,
    month) names no code, per category, with the code when the lines name only one."""
    group = ["enterprise_id", "receiver_id", "category_id", "period"]
    if sides.empty:
        return sides.assign(sent_t=0.0, received_t=0.0)[[*PAIR, "sent_t", "received_t"]]
    uncoded = (sides["waste_code"] == "").groupby([sides[k] for k in group]).transform("any")
    codes = sides[sides["waste_code"] != ""].groupby(group)["waste_code"].unique()
    named = [
        found[0] if len(found := codes.get(key, [])) == 1 else ""
        for key in sides[group].itertuples(index=False, name=None)
    ]
    sides = sides.assign(waste_code=sides["waste_code"].where(~uncoded, named))
    return sides.groupby(PAIR, as_index=False)[["sent_t", "received_t"]].sum()
