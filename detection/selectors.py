"""Reads of flags, scoped: a user sees the flags of the enterprises they may read."""

from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from django.db.models import Count, Prefetch, Q, QuerySet

from detection.kinds import check_info
from detection.models import Flag, FlagReview
from monitoring.ledger.selectors import ledger_month_series
from monitoring.manifests import manifest_month_list
from monitoring.selectors import weighed_out_by_month
from parks.selectors import enterprise_list
from wastewatch.periods import month_add
from wastewatch.roles import User

# The evidence around a flagged month: the 12 months before it and the 3 after.
EVIDENCE_BEFORE = 12
EVIDENCE_AFTER = 3


def flag_list(*, user: User) -> QuerySet[Flag]:
    return (
        Flag.objects.filter(enterprise__in=enterprise_list(user=user))
        .select_related("enterprise", "enterprise__park", "category", "reviewed_by", "assigned_to")
        .defer("enterprise__park__boundary")
    )


@dataclass
class EvidenceMonth:
    """One month of the flagged waste's series; None where nobody reported the figure."""

    period: date
    flagged: bool
    generated: float | None
    transferred_out: float | None
    weighed_out: float | None
    counterparty_received: float | None


@dataclass
class FlagEvidence:
    months: list[EvidenceMonth]
    weighing: bool  # the weighbridge's figures matter to this check
    counterparty: bool  # the counterparties' figures matter to this check
    manifests: list  # monitoring's Manifest rows, read through its selector


def flag_evidence(*, flag: Flag) -> FlagEvidence:
    """The figures behind a flag (one the reader may already see): its enterprise's monthly
    series of the flagged waste from 12 months before the flagged month to 3 after (the
    months that hold any figure), the weighbridge's and counterparties' figures where the
    check is about them, and the manifests of that enterprise, waste and month."""
    info = check_info(flag.kind)
    period_from = month_add(flag.period, -EVIDENCE_BEFORE)
    period_to = month_add(flag.period, EVIDENCE_AFTER)
    ledger = ledger_month_series(
        enterprise_id=flag.enterprise_id,
        credit_code=flag.enterprise.credit_code,
        category_id=flag.category_id,
        waste_code=flag.waste_code,
        period_from=period_from,
        period_to=period_to,
    )
    weighed = (
        {
            period: float(net)
            for period, (net, _tickets) in weighed_out_by_month(
                enterprise_id=flag.enterprise_id,
                category_id=flag.category_id,
                period_from=period_from,
                period_to=period_to,
            ).items()
        }
        if info.weighing
        else {}
    )
    periods = sorted({*ledger, *weighed, flag.period})
    months = [
        EvidenceMonth(
            period=period,
            flagged=period == flag.period,
            generated=ledger.get(period, {}).get("generated"),
            transferred_out=ledger.get(period, {}).get("transferred_out"),
            weighed_out=weighed.get(period),
            counterparty_received=ledger.get(period, {}).get("counterparty_received"),
        )
        for period in periods
    ]
    manifests = [
        manifest
        for manifest in manifest_month_list(period=flag.period, enterprise_ids=[flag.enterprise_id])
        if manifest.category_id == flag.category_id
    ]
    return FlagEvidence(
        months=months,
        weighing=info.weighing,
        counterparty=info.counterparty,
        manifests=manifests,
    )


def enterprise_flag_list(*, user: User, enterprise_id: int) -> QuerySet[Flag]:
    """The flags of one enterprise the user may read, latest period first, with their review
    history (each decision, its reviewer) read in one go."""
    reviews = FlagReview.objects.select_related("reviewer").order_by("at", "pk")
    return (
        flag_list(user=user)
        .filter(enterprise_id=enterprise_id)
        .prefetch_related(Prefetch("reviews", queryset=reviews))
        .order_by("-period", "-severity", "category__code", "kind")
    )


def flag_month_list(*, period: date, enterprise_ids: list[int] | None = None) -> QuerySet[Flag]:
    """The flags of one month, of `enterprise_ids` (every enterprise for None), with their
    reviews: what a monthly report accounts for (its scope is the report's, not a reader's)."""
    return flag_period_list(period_from=period, period_to=period, enterprise_ids=enterprise_ids)


def flag_period_list(
    *, period_from: date, period_to: date, enterprise_ids: list[int] | None = None
) -> QuerySet[Flag]:
    """As flag_month_list, over the months from `period_from` to `period_to` (both included),
    month by month: a bulk download iterates it with .iterator(), so any span stays small."""
    flags = Flag.objects.filter(period__gte=period_from, period__lte=period_to)
    if enterprise_ids is not None:
        flags = flags.filter(enterprise_id__in=enterprise_ids)
    return flags.select_related("enterprise", "category", "reviewed_by").order_by(
        "period", "enterprise__credit_code", "category__code", "waste_code", "kind"
    )


def flag_open_counts(*, user: User, enterprise_ids: list[int] | None = None) -> list[dict]:
    """How many open flags the user may read, by severity and kind (of `enterprise_ids`
    only, if given): [{severity, kind, count}], in one query."""
    flags = Flag.objects.filter(enterprise__in=enterprise_list(user=user), status=Flag.Status.OPEN)
    if enterprise_ids is not None:
        flags = flags.filter(enterprise_id__in=enterprise_ids)
    return list(
        flags.values("severity", "kind").annotate(count=Count("pk")).order_by("severity", "kind")
    )


class OpenFlagCount(NamedTuple):
    open: int  # open flags of any severity
    high: int  # of which high severity


def flag_open_counts_by_enterprise(
    *, user: User, enterprise_ids: list[int] | None = None
) -> dict[int, OpenFlagCount]:
    """Open flags by enterprise id, of the enterprises the user may read (of `enterprise_ids`
    only, if given), in one query: what a map colours each enterprise by. Enterprises without
    an open flag are absent."""
    flags = Flag.objects.filter(enterprise__in=enterprise_list(user=user), status=Flag.Status.OPEN)
    if enterprise_ids is not None:
        flags = flags.filter(enterprise_id__in=enterprise_ids)
    rows = (
        flags.values("enterprise_id")
        .annotate(open=Count("pk"), high=Count("pk", filter=Q(severity=Flag.Severity.HIGH)))
        .order_by()
    )
    return {row["enterprise_id"]: OpenFlagCount(row["open"], row["high"]) for row in rows}
