"""Named, coded rules. Each returns candidates: the enterprise, waste category and month it
concerns, a severity, and the figures that triggered it. Thresholds are in settings
(DETECTION_THRESHOLDS) so that the bureau can tune them without a release."""

import math
from datetime import date, timedelta

import numpy as np
from django.conf import settings
from django.db.models import Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from detection.candidates import Candidate, Check, Severity, threshold
from detection.devices import device_quality
from detection.loader import DetectionData
from detection.reporting import ledger_due, reporting
from monitoring.models import LedgerEntry, Manifest, TicketRollup
from monitoring.rollups import local_day_start
from parks.models import Enterprise
from wastewatch.periods import month_add


def _significant_gap(expected: float, actual: float, *, thresholds: str) -> float | None:
    """(actual − expected) ÷ the larger of the two, when the gap passes both of the rule's
    thresholds (`<thresholds>_min_t` tonnes and `<thresholds>_ratio`); else None."""
    gap = actual - expected
    ratio = gap / max(abs(expected), abs(actual), 1e-9)
    if abs(gap) < threshold(f"{thresholds}_min_t") or abs(ratio) < threshold(f"{thresholds}_ratio"):
        return None
    return ratio


def _severity(ratio: float) -> int:
    ratio = abs(ratio)
    if ratio >= threshold("high_ratio"):
        return Severity.HIGH
    if ratio >= threshold("medium_ratio"):
        return Severity.MEDIUM
    return Severity.LOW


def measured_vs_reported(data: DetectionData) -> list[Candidate]:
    """Reported transfers out vs outbound weighings, per enterprise, waste and month. Months
    in which the enterprise's weighbridges recorded nothing at all are left to the device-gap
    check: a silent device says nothing about what left."""
    since, enterprise_ids = data.since, data.enterprise_ids
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
    candidates = []
    for key in reported.keys() | measured.keys():
        enterprise_id, category_id, period = key
        if (enterprise_id, period) not in weighed_months:
            continue
        said, seen = reported.get(key, 0.0), measured.get(key, 0.0)
        ratio = _significant_gap(said, seen, thresholds="measured_gap")
        if ratio is None:
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
                        "change_pct": round(100 * (seen - said) / said) if said else 100,
                    }
                ],
            )
        )
    return candidates


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


def stock_carry(data: DetectionData) -> list[Candidate]:
    """A month's opening stock must be the previous month's closing stock: waste does not
    appear or vanish between two ledgers."""
    since, enterprise_ids = data.since, data.enterprise_ids
    stocks = LedgerEntry.objects.filter(
        superseded_at__isnull=True,
        period__gte=month_add(since, -1),
        flow__in=[LedgerEntry.Flow.OPENING_STOCK, LedgerEntry.Flow.CLOSING_STOCK],
    )
    if enterprise_ids is not None:
        stocks = stocks.filter(enterprise_id__in=enterprise_ids)
    closing, opening = {}, {}
    for row in stocks.values("enterprise_id", "category_id", "period", "flow").annotate(
        t=Sum("quantity_t")
    ):
        target = opening if row["flow"] == LedgerEntry.Flow.OPENING_STOCK else closing
        target[(row["enterprise_id"], row["category_id"], row["period"])] = float(row["t"])
    candidates = []
    for (enterprise_id, category_id, period), opened in opening.items():
        if period < since:
            continue
        before = closing.get((enterprise_id, category_id, month_add(period, -1)))
        if before is None:
            continue
        ratio = _significant_gap(before, opened, thresholds="stock_gap")
        if ratio is None:
            continue
        candidates.append(
            Candidate(
                enterprise_id,
                category_id,
                period,
                "stock_carry",
                _severity(ratio),
                [
                    {
                        "code": "stock_carry",
                        "closing_t": f"{before:.3f}",
                        "opening_t": f"{opened:.3f}",
                        "period": f"{period:%Y-%m}",
                    }
                ],
            )
        )
    return candidates


def counterparty(data: DetectionData) -> list[Candidate]:
    """What a generator says it transferred to a registered enterprise vs what that enterprise
    says it received from the generator, same waste and month: a receiver that reports
    nothing (a phantom transfer) or a different quantity (beyond the gap ratio). Compared once
    the receiver has reported the month, or its ledger of the month is overdue."""
    since, enterprise_ids, today = data.since, data.enterprise_ids, data.today
    entries = LedgerEntry.objects.filter(
        superseded_at__isnull=True,
        period__gte=since,
        flow__in=[LedgerEntry.Flow.TRANSFERRED_OUT, LedgerEntry.Flow.RECEIVED],
    ).exclude(counterparty="")
    grace = timedelta(days=int(threshold("late_report_grace_days")))
    codes = dict(Enterprise.objects.values_list("credit_code", "pk"))
    names = dict(Enterprise.objects.values_list("pk", "name"))  # for the reasons
    reporting = set(
        LedgerEntry.objects.filter(superseded_at__isnull=True, period__gte=since)
        .values_list("enterprise_id", "period")
        .distinct()
    )
    sent, received = {}, {}
    for row in entries.values(
        "enterprise_id", "category_id", "period", "flow", "counterparty"
    ).annotate(t=Sum("quantity_t")):
        other = codes.get(row["counterparty"])
        if row["flow"] == LedgerEntry.Flow.TRANSFERRED_OUT:
            if other is not None:
                sent[(row["enterprise_id"], other, row["category_id"], row["period"])] = float(
                    row["t"]
                )
        elif other is not None:
            received[(other, row["enterprise_id"], row["category_id"], row["period"])] = float(
                row["t"]
            )
    candidates = []
    for (generator, receiver, category_id, period), out in sent.items():
        if enterprise_ids is not None and generator not in enterprise_ids:
            continue
        if (receiver, period) not in reporting and today <= ledger_due(period) + grace:
            continue  # the receiver's ledger of the month is not due yet: nothing to compare
        got = received.get((generator, receiver, category_id, period), 0.0)
        ratio = _significant_gap(out, got, thresholds="counterparty_gap")
        if ratio is None:
            continue
        candidates.append(
            Candidate(
                generator,
                category_id,
                period,
                "counterparty",
                _severity(ratio),
                [
                    {
                        "code": "counterparty",
                        "receiver": names[receiver],
                        "sent_t": f"{out:.3f}",
                        "received_t": f"{got:.3f}",
                        "change_pct": round(100 * ratio),
                    }
                ],
            )
        )
    return candidates


def generation_change(data: DetectionData) -> list[Candidate]:
    """Generation — per unit of output where the enterprise reports its output — against its
    own previous 12 months (median):
    - a jump or drop of ×/÷ `generation_ratio` at the month it starts (a month merely as high
      as the same month last year — seasonality — is not one);
    - every month of a drop that deep, while it lasts at most three months (reported
      generation falling while the plant runs);
    - a lasting step of ×/÷ `level_shift_ratio`, seen once three months have shown it, flagged
      on the month it began."""
    since, enterprise_ids = data.since, data.enterprise_ids
    from detection.features import monthly_features

    frame = monthly_features(
        since=month_add(since, -1),
        enterprise_ids=enterprise_ids,
        history_from=date(since.year - 2, since.month, 1),
    )
    if frame.empty:
        return []
    frame = frame.sort_values(KEY_ORDER).reset_index(drop=True)
    series = frame.groupby(["enterprise_id", "category_id"], sort=False)
    ratio = frame["change"]
    # Per unit of output, a plant's waste is steadier than in tonnes: tighter thresholds.
    per_output = frame["output_known"].astype(bool)
    limit = np.where(
        per_output,
        math.log(threshold("intensity_ratio")),
        math.log(threshold("generation_ratio")),
    )
    step = np.where(
        per_output,
        math.log(threshold("intensity_shift_ratio")),
        math.log(threshold("level_shift_ratio")),
    )
    previous = series["change"].shift(1)
    seasonal = (frame["change_vs_last_year"] != 0) & (
        frame["change_vs_last_year"].abs() < limit / 2
    )
    jump = (ratio.abs() >= limit) & ~(previous.abs() >= limit) & ~seasonal
    # A deep drop is flagged every month while it lasts at most three months (waste left out
    # of the ledger); one that lasts longer is a new level, flagged on the month it began.
    low = ratio <= -step
    runs = (low != low.groupby([frame["enterprise_id"], frame["category_id"]]).shift(1)).cumsum()
    run_length = low.groupby(runs).transform("size")
    drop = (ratio <= -limit) & (run_length <= 3)
    next_two_low = series["change"].transform(
        lambda r: r[::-1].rolling(3, min_periods=3).max()[::-1]
    )
    next_two_high = series["change"].transform(
        lambda r: r[::-1].rolling(3, min_periods=3).min()[::-1]
    )
    stepped = (
        ((next_two_high >= step) | (next_two_low <= -step)) & ~(previous.abs() >= step) & ~seasonal
    )
    candidates = []
    for index in frame.index[(jump | drop | stepped) & (frame["period"] >= since)]:
        row = frame.loc[index]
        times = math.exp(row["change"])
        candidates.append(
            Candidate(
                int(row["enterprise_id"]),
                int(row["category_id"]),
                row["period"],
                "generation_change",
                _severity(1 - min(times, 1 / times)),
                [
                    {
                        "code": "generation_change",
                        "times": round(times, 2),
                        "lasting": bool(stepped[index] and not (jump[index] or drop[index])),
                        "per_output": bool(row["output_known"]),
                    }
                ],
            )
        )
    return candidates


KEY_ORDER = ["enterprise_id", "category_id", "period"]


RULES: dict[str, Check] = {
    "measured_vs_reported": measured_vs_reported,
    "manifest_discrepancy": manifest_discrepancy,
    "manifest_overdue": manifest_overdue,
    "stock_carry": stock_carry,
    "counterparty": counterparty,
    "generation_change": generation_change,
    "device_quality": device_quality,
    "reporting": reporting,
}
