"""Hazardous-waste transfer manifests: what was received against what was shipped, and
confirmations that did not come."""

from datetime import date

from django.conf import settings
from django.utils import timezone

from detection.candidates import Candidate, Severity, severity_of
from detection.loader import DetectionData
from monitoring.models import Manifest
from monitoring.rollups import local_day_start


def _month(moment) -> date:
    local = timezone.localtime(moment)
    return date(local.year, local.month, 1)


def manifest_discrepancy(data: DetectionData) -> list[Candidate]:
    """Confirmed manifests whose receiver took in more or less than the generator shipped,
    beyond MANIFEST_DISCREPANCY_RATIO; flagged on the generator's month."""
    since, enterprise_ids = data.since, data.enterprise_ids
    manifests = Manifest.objects.filter(
        received_at__isnull=False, shipped_at__gte=local_day_start(since)
    )
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
        candidate.severity = max(candidate.severity, severity_of(ratio))
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


def manifest_overdue(data: DetectionData) -> list[Candidate]:
    """Manifests still unconfirmed after their 5-working-day deadline; flagged on the
    receiver, who has to confirm."""
    since, enterprise_ids, today = data.since, data.enterprise_ids, data.today
    manifests = Manifest.objects.filter(
        received_at__isnull=True, confirmation_due__lt=today, shipped_at__gte=local_day_start(since)
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
