"""Reporting discipline: the ledger of month M is due by the `report_due_day` (15th) of M + 1.

Two things are flagged on (enterprise, waste category, month):
- a missing month: none of its figures is current, although the enterprise reported the waste
  in an earlier month and either in a later one or the month's deadline has passed; months
  before its first report of the waste are not missing (joining is not missing the past);
- a late month: the first ingested upload that brought it was received after the deadline,
  while the enterprise was already reporting on the platform by then (a backfill at
  onboarding is not late).
"""

from datetime import date, timedelta

from django.db.models import Max, Min
from django.utils import timezone

from detection.candidates import Candidate, Severity, threshold
from detection.loader import DetectionData
from monitoring.models import LedgerEntry, UploadBatch
from wastewatch.periods import month_add


def ledger_due(period: date) -> date:
    """The day a month's ledger is due: the `report_due_day` (15th) of the next month."""
    return month_add(period, 1).replace(day=int(threshold("report_due_day")))


def reporting(data: DetectionData) -> list[Candidate]:
    """Missing and late monthly ledgers, in four aggregate queries: the current months
    reported, each waste's first and last reported month, when each month first arrived,
    and when each enterprise first uploaded anything."""
    since, enterprise_ids, today = data.since, data.enterprise_ids, data.today
    grace = timedelta(days=int(threshold("late_report_grace_days")))

    current = LedgerEntry.objects.filter(superseded_at__isnull=True)
    # Figures are written in the transaction that ingests their batch; the batch's
    # uploaded_at is when the file was received, before validation or any confirmation.
    uploaded = LedgerEntry.objects.filter(batch__status=UploadBatch.Status.INGESTED)
    if enterprise_ids is not None:
        current = current.filter(enterprise_id__in=enterprise_ids)
        uploaded = uploaded.filter(enterprise_id__in=enterprise_ids)
    reported = set(
        current.filter(period__gte=since)
        .order_by()
        .values_list("enterprise_id", "category_id", "period")
        .distinct()
    )
    spans = current.values("enterprise_id", "category_id").annotate(
        first=Min("period"), last=Max("period")
    )
    arrivals = (
        uploaded.filter(period__gte=since)
        .values("enterprise_id", "category_id", "period")
        .annotate(at=Min("batch__uploaded_at"))
    )
    joined = dict(
        uploaded.values("enterprise_id")
        .annotate(at=Min("batch__uploaded_at"))
        .values_list("enterprise_id", "at")
    )

    candidates = []
    for span in spans:
        enterprise_id, category_id = span["enterprise_id"], span["category_id"]
        month = max(month_add(span["first"], 1), since)
        if month.day != 1:  # `since` within a month: its month is not wholly in the window
            month = month_add(month, 1)
        while month < span["last"] or today > ledger_due(month) + grace:
            if (enterprise_id, category_id, month) not in reported:
                reason = {
                    "code": "missing_month",
                    "period": f"{month:%Y-%m}",
                    "due": f"{ledger_due(month)}",
                }
                candidates.append(
                    Candidate(
                        enterprise_id, category_id, month, "reporting", Severity.MEDIUM, [reason]
                    )
                )
            month = month_add(month, 1)
    for row in arrivals:
        key = (row["enterprise_id"], row["category_id"], row["period"])
        if key not in reported:
            continue  # withdrawn by a correction: missing, if anything
        deadline = ledger_due(row["period"])
        received = timezone.localdate(row["at"])
        if received <= deadline + grace or timezone.localdate(joined[key[0]]) > deadline:
            continue
        days_late = (received - deadline).days
        reason = {
            "code": "late_report",
            "period": f"{row['period']:%Y-%m}",
            "due": f"{deadline}",
            "received": f"{received}",
            "days_late": days_late,
        }
        severity = Severity.LOW if days_late <= 15 else Severity.MEDIUM
        candidates.append(Candidate(*key, "reporting", severity, [reason]))
    return candidates
