"""What an enterprise says it sent against what was weighed going out, and against what its
counterparties say they received."""

from datetime import timedelta

from django.db.models import Sum
from django.db.models.functions import TruncMonth

from detection.candidates import Candidate, severity_of, significant_gap, threshold
from detection.checks.reporting import ledger_due
from detection.loader import DetectionData
from monitoring.models import LedgerEntry, TicketRollup
from parks.models import Enterprise


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
        ratio = significant_gap(said, seen, thresholds="measured_gap")
        if ratio is None:
            continue
        candidates.append(
            Candidate(
                enterprise_id,
                category_id,
                period,
                "measured_vs_reported",
                severity_of(ratio),
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
        ratio = significant_gap(out, got, thresholds="counterparty_gap")
        if ratio is None:
            continue
        candidates.append(
            Candidate(
                generator,
                category_id,
                period,
                "counterparty",
                severity_of(ratio),
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
