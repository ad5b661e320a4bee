"""Hazardous-waste transfer manifests: what was received against what was shipped, and
confirmations that did not come, or came late. Per waste code (a manifest names one), on
the month of shipping."""

import pandas as pd
from django.conf import settings

from detection.candidates import Candidate, Severity, severity_of
from detection.loader import DetectionData
from monitoring.manifests import CalendarYearNotCovered, manifest_receipt_overdue_date

# Days past the confirmation deadline after which a missing or late confirmation weighs more:
# about two more working weeks, twice the 5 working days the deadline gives.
LONG_OVERDUE_DAYS = 10


def _on(data: DetectionData, manifests: pd.DataFrame, field: str) -> pd.DataFrame:
    """The manifests whose `field` (generator_id, receiver_id) is an enterprise of the scope."""
    if data.enterprise_ids is None:
        return manifests
    return manifests[manifests[field].isin(data.enterprise_ids)]


def _candidate(
    found: dict[tuple, Candidate], manifest, field: str, kind: str, waste_code: str | None = None
) -> Candidate:
    """The candidate of the manifest's waste (or `waste_code`) and month of shipping, on its
    `field`."""
    enterprise_id = int(getattr(manifest, field))
    code = manifest.waste_code if waste_code is None else waste_code
    key = (enterprise_id, manifest.category_id, code, manifest.period)
    if key not in found:
        found[key] = Candidate(
            enterprise_id,
            int(manifest.category_id),
            manifest.period,
            kind,
            Severity.LOW,
            waste_code=code,
        )
    return found[key]


def manifest_discrepancy(data: DetectionData) -> list[Candidate]:
    """Confirmed manifests whose receiver took in more or less than the generator shipped,
    beyond MANIFEST_DISCREPANCY_RATIO. Flagged on both parties: the generator, who has to
    account for what it shipped, and the receiver where it files ledgers here, whose ledger
    carries the quantity it confirmed (on the manifest's code where its ledger of the month
    keeps that code, else on the category). Which of the two figures is wrong is what the
    review finds out; a receiver outside the city is asked through the generator."""
    manifests = data.manifests
    confirmed = manifests[manifests["received_at"].notna()]
    files_ledgers = data.enterprises["files_ledgers"]
    names = data.enterprises["name"]
    scope = None if data.enterprise_ids is None else set(data.enterprise_ids)
    ledger = data.ledger
    coded = set(zip(ledger["enterprise_id"], ledger["waste_code"], ledger["period"], strict=True))
    found: dict[tuple, Candidate] = {}
    for manifest in confirmed.itertuples():
        shipped = manifest.quantity_shipped_t
        refused = 0.0 if pd.isna(manifest.quantity_refused_t) else manifest.quantity_refused_t
        ratio = (manifest.quantity_received_t + refused - shipped) / shipped
        if abs(ratio) <= settings.MANIFEST_DISCREPANCY_RATIO:
            continue
        reason = {
            "code": "manifest_discrepancy",
            "number": manifest.number,
            "shipped_t": f"{shipped:.3f}",
            "received_t": f"{manifest.quantity_received_t:.3f}",
            "refused_t": f"{refused:.3f}",
            "change_pct": round(100 * ratio),
        }
        parties = [("generator_id", reason, manifest.waste_code)]
        if files_ledgers.get(manifest.receiver_id, False):
            generator = {"generator": names[manifest.generator_id]}
            # The receiver's ledger may keep the receipt under the category, or another code.
            kept = (manifest.receiver_id, manifest.waste_code, manifest.period) in coded
            parties.append(("receiver_id", reason | generator, manifest.waste_code if kept else ""))
        for field, stated, code in parties:
            if scope is not None and getattr(manifest, field) not in scope:
                continue
            candidate = _candidate(found, manifest, field, "manifest_discrepancy", code)
            candidate.severity = max(candidate.severity, severity_of(ratio))
            candidate.reasons.append(stated)
    return list(found.values())


def manifest_overdue(data: DetectionData) -> list[Candidate]:
    """Manifests with no receipt confirmed by manifest_receipt_overdue_date (the time a
    transfer takes, then the 5 working days to confirm); flagged on the generator, who has to
    obtain the receipt (or report the waste missing). Where the calendar lacks the year the
    date is unknown and nothing is flagged."""
    manifests = _on(data, data.manifests, "generator_id")
    unconfirmed = manifests[manifests["received_at"].isna()]
    names = data.enterprises["name"]
    found: dict[tuple, Candidate] = {}
    for manifest in unconfirmed.itertuples():
        try:
            due = manifest_receipt_overdue_date(shipped_at=manifest.shipped_at)
        except CalendarYearNotCovered:
            continue
        if due >= data.today:
            continue
        candidate = _candidate(found, manifest, "generator_id", "manifest_overdue")
        days = (data.today - due).days
        candidate.severity = max(
            candidate.severity, Severity.HIGH if days > LONG_OVERDUE_DAYS else Severity.MEDIUM
        )
        candidate.reasons.append(
            {
                "code": "manifest_overdue",
                "number": manifest.number,
                "receiver": names[manifest.receiver_id],
                "shipped": f"{manifest.shipped_at:%Y-%m-%d}",
                "due": f"{due:%Y-%m-%d}",
            }
        )
    return list(found.values())


def manifest_late(data: DetectionData) -> list[Candidate]:
    """Receipts confirmed (the local day of confirmed_at) after their deadline, the 5th
    working day from the day of receipt; flagged on the receiver, whose confirmation was
    late. Low, medium when more than `LONG_OVERDUE_DAYS` days late."""
    manifests = _on(data, data.manifests, "receiver_id")
    confirmed = manifests[manifests["confirmed_at"].notna() & manifests["confirmation_due"].notna()]
    names = data.enterprises["name"]
    found: dict[tuple, Candidate] = {}
    for manifest in confirmed.itertuples():
        days = (manifest.confirmed_at.date() - manifest.confirmation_due).days
        if days <= 0:
            continue
        candidate = _candidate(found, manifest, "receiver_id", "manifest_late")
        candidate.severity = max(
            candidate.severity, Severity.MEDIUM if days > LONG_OVERDUE_DAYS else Severity.LOW
        )
        candidate.reasons.append(
            {
                "code": "manifest_late",
                "number": manifest.number,
                "generator": names[manifest.generator_id],
                "shipped": f"{manifest.shipped_at:%Y-%m-%d}",
                "received": f"{manifest.received_at:%Y-%m-%d}",
                "due": f"{manifest.confirmation_due:%Y-%m-%d}",
                "confirmed": f"{manifest.confirmed_at:%Y-%m-%d}",
                "days_late": days,
            }
        )
    return list(found.values())
