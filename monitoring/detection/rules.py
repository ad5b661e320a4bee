"""Named, coded rules. Each returns candidates: the enterprise, waste category and month it
concerns, a severity, and the figures that triggered it. Thresholds are in settings
(DETECTION_THRESHOLDS) so that the bureau can tune them without a release."""

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db.models import Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from monitoring.models import Flag, LedgerEntry, Manifest, TicketRollup

Severity = Flag.Severity


@dataclass
class Candidate:
    enterprise_id: int
    category_id: int
    period: date
    kind: str
    severity: int
    reasons: list[dict] = field(default_factory=list)
    score: float | None = None
    detector_id: int | None = None
    # What the flag is about, when not the reasons themselves (the model's reasons carry its
    # score, which changes with every retraining while the enterprise's figures do not).
    evidence: object = None

    @property
    def key(self) -> tuple:
        return (self.enterprise_id, self.category_id, self.period, self.kind)

    @property
    def fingerprint(self) -> str:
        evidence = self.reasons if self.evidence is None else self.evidence
        data = json.dumps(evidence, sort_keys=True, default=str)
        return hashlib.sha256(data.encode()).hexdigest()


def _threshold(name: str) -> float:
    return float(settings.DETECTION_THRESHOLDS[name])


def _severity(ratio: float) -> int:
    ratio = abs(ratio)
    if ratio >= _threshold("high_ratio"):
        return Severity.HIGH
    if ratio >= _threshold("medium_ratio"):
        return Severity.MEDIUM
    return Severity.LOW


def measured_vs_reported(*, since: date, enterprise_ids: list[int] | None) -> list[Candidate]:
    """Reported transfers out vs outbound weighings, per enterprise, waste and month. Months
    in which the enterprise's weighbridges recorded nothing at all are left to the device-gap
    check: a silent device says nothing about what left."""
    reported_rows = LedgerEntry.objects.filter(
        superseded_at__isnull=True, flow=LedgerEntry.Flow.TRANSFERRED_OUT, period__gte=since
    )
    measured_rows = TicketRollup.objects.filter(direction="out", day__gte=since)
    if enterprise_ids is not None:
        reported_rows = reported_rows.filter(enterprise_id__in=enterprise_ids)
        measured_rows = measured_rows.filter(enterprise_id__in=enterprise_ids)
    reported = {
        (row["enterprise_id"], row["category_id"], row["period"]): float(row["total"])
        for row in reported_rows.values("enterprise_id", "category_id", "period").annotate(
            total=Sum("quantity_t")
        )
    }
    measured = {
        (row["enterprise_id"], row["category_id"], row["month"]): float(row["total"])
        for row in measured_rows.annotate(month=TruncMonth("day"))
        .values("enterprise_id", "category_id", "month")
        .annotate(total=Sum("net_t"))
    }
    weighed_months = {(enterprise, month) for enterprise, _c, month in measured}
    min_t, min_ratio = _threshold("measured_gap_min_t"), _threshold("measured_gap_ratio")
    candidates = []
    for key in reported.keys() | measured.keys():
        enterprise_id, category_id, period = key
        if (enterprise_id, period) not in weighed_months:
            continue
        said, seen = reported.get(key, 0.0), measured.get(key, 0.0)
        gap = seen - said
        ratio = gap / max(said, seen)
        if abs(gap) < min_t or abs(ratio) < min_ratio:
            continue
        candidates.append(
            Candidate(
                enterprise_id,
                category_id,
                period,
                "measured_vs_reported",
                _severity(ratio),
                [
                    {
                        "code": "measured_vs_reported",
                        "reported_t": f"{said:.3f}",
                        "measured_t": f"{seen:.3f}",
                        "change_pct": round(100 * gap / said) if said else 100,
                    }
                ],
            )
        )
    return candidates


def _month(moment) -> date:
    local = timezone.localtime(moment)
    return date(local.year, local.month, 1)


def manifest_discrepancy(*, since: date, enterprise_ids: list[int] | None) -> list[Candidate]:
    """Confirmed manifests whose receiver took in more or less than the generator shipped,
    beyond MANIFEST_DISCREPANCY_RATIO; flagged on the generator's month."""
    manifests = Manifest.objects.filter(received_at__isnull=False, shipped_at__date__gte=since)
    if enterprise_ids is not None:
        manifests = manifests.filter(generator_id__in=enterprise_ids)
    by_key: dict[tuple, Candidate] = {}
    for manifest in manifests.order_by("number"):
        shipped = float(manifest.quantity_shipped_t)
        accounted = float(manifest.quantity_received_t) + float(manifest.quantity_refused_t or 0)
        ratio = (accounted - shipped) / shipped
        if abs(ratio) <= settings.MANIFEST_DISCREPANCY_RATIO:
            continue
        key = (manifest.generator_id, manifest.category_id, _month(manifest.shipped_at))
        candidate = by_key.setdefault(key, Candidate(*key, "manifest_discrepancy", Severity.LOW))
        candidate.severity = max(candidate.severity, _severity(ratio))
        candidate.reasons.append(
            {
                "code": "manifest_discrepancy",
                "number": manifest.number,
                "shipped_t": f"{shipped:.3f}",
                "received_t": f"{manifest.quantity_received_t:.3f}",
                "refused_t": f"{float(manifest.quantity_refused_t or 0):.3f}",
                "change_pct": round(100 * ratio),
            }
        )
    return list(by_key.values())


def manifest_overdue(*, since: date, enterprise_ids: list[int] | None) -> list[Candidate]:
    """Manifests still unconfirmed after their 5-working-day deadline; flagged on the
    receiver, who has to confirm."""
    today = timezone.localdate()
    manifests = Manifest.objects.filter(
        received_at__isnull=True, confirmation_due__lt=today, shipped_at__date__gte=since
    ).select_related("generator")
    if enterprise_ids is not None:
        manifests = manifests.filter(receiver_id__in=enterprise_ids)
    by_key: dict[tuple, Candidate] = {}
    for manifest in manifests.order_by("number"):
        key = (manifest.receiver_id, manifest.category_id, _month(manifest.shipped_at))
        candidate = by_key.setdefault(key, Candidate(*key, "manifest_overdue", Severity.MEDIUM))
        if (today - manifest.confirmation_due).days > 10:
            candidate.severity = Severity.HIGH
        candidate.reasons.append(
            {
                "code": "manifest_overdue",
                "number": manifest.number,
                "generator": manifest.generator.name,
                "shipped": f"{timezone.localtime(manifest.shipped_at):%Y-%m-%d}",
                "due": f"{manifest.confirmation_due:%Y-%m-%d}",
            }
        )
    return list(by_key.values())


RULES: dict[str, Callable[..., list[Candidate]]] = {
    "measured_vs_reported": measured_vs_reported,
    "manifest_discrepancy": manifest_discrepancy,
    "manifest_overdue": manifest_overdue,
}
