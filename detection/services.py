"""Scoring and reviewing flags. Scoring is idempotent: each rule's candidates are upserted per
(enterprise, waste, month, kind); a reviewed flag is reopened only when the figures behind
it changed, and an open flag whose cause disappeared is cleared.

Scorings take turns: one of the whole city excludes every other, one of some enterprises
(after an upload) only those of the same enterprises; and a new flag is inserted with a
conflict clause, so that a flag another scoring created meanwhile is updated, not an error."""

import logging
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from detection.candidates import Candidate
from detection.checks import RULES
from detection.loader import DetectionData
from detection.model import ModelUnavailable, model_candidates
from detection.models import Flag, FlagReview
from wastewatch.audit import audit
from wastewatch.db_router import replica_reads
from wastewatch.locks import advisory_xact_lock
from wastewatch.roles import User, city_readers, reads_whole_city

logger = logging.getLogger(__name__)

Status = Flag.Status
# Every check that raises flags: the named rules, and the model.
CHECKS = {**RULES, "model": model_candidates}


@dataclass
class ScoreResult:
    created: int = 0
    reopened: int = 0
    updated: int = 0
    cleared: int = 0
    unchanged: int = 0
    # Checks that did not run, with why (their flags are left as they were).
    skipped: dict[str, str] = field(default_factory=dict)


def window_start(today: date | None = None) -> date:
    today = today or timezone.localdate()
    months = today.year * 12 + today.month - 1 - settings.DETECTION_WINDOW_MONTHS
    return date(months // 12, months % 12 + 1, 1)


def _log(flag: Flag, status: str, note: str, reviewer: User | None = None) -> None:
    FlagReview.objects.create(flag=flag, status=status, note=note, reviewer=reviewer)


@transaction.atomic
def flags_score(
    *,
    since: date | None = None,
    enterprise_ids: list[int] | None = None,
    rules: list[str] | None = None,
    today: date | None = None,
) -> ScoreResult:
    """Run the checks (all, or `rules`) from `since` (default: the window before `today`)
    as of `today` (default: the local date), and upsert their flags."""
    today = today or timezone.localdate()
    since = since or window_start(today)
    scoring_lock(enterprise_ids=enterprise_ids)
    result = ScoreResult()
    data = DetectionData(since=since, today=today, enterprise_ids=enterprise_ids)
    found: dict[str, list[Candidate]] = {}
    # The features from the read replica, if any, once it has replayed what the primary held
    # when the lock above was granted (wastewatch.db_router); the flags on the primary.
    with replica_reads():
        for kind in rules or list(CHECKS):
            try:
                found[kind] = list(CHECKS[kind](data))
            except ModelUnavailable as unavailable:
                logger.warning("flag scoring: the %s check is skipped: %s", kind, unavailable)
                result.skipped[kind] = str(unavailable)
    for kind, kind_found in found.items():
        candidates = {c.key: c for c in kind_found}
        existing = Flag.objects.select_for_update().filter(kind=kind, period__gte=since)
        if enterprise_ids is not None:
            existing = existing.filter(enterprise_id__in=enterprise_ids)
        seen = set()
        for flag in existing:
            key = (flag.enterprise_id, flag.category_id, flag.waste_code, flag.period, flag.kind)
            seen.add(key)
            candidate = candidates.get(key)
            if candidate is None:
                if flag.status == Status.OPEN:
                    flag.status = Status.CLEARED
                    flag.save(update_fields=["status", "updated_at"])
                    _log(flag, Status.CLEARED, _("The figures no longer show the anomaly."))
                    result.cleared += 1
                else:
                    result.unchanged += 1
                continue
            _apply(flag, candidate, result)
        new = [
            Flag(
                enterprise_id=candidate.enterprise_id,
                category_id=candidate.category_id,
                waste_code=candidate.waste_code,
                period=candidate.period,
                kind=kind,
                severity=candidate.severity,
                reasons=candidate.reasons,
                fingerprint=candidate.fingerprint,
                score=candidate.score,
                detector_id=candidate.detector_id,
            )
            for key, candidate in candidates.items()
            if key not in seen
        ]
        # INSERT … ON CONFLICT DO UPDATE: should a scoring outside these locks have created the
        # same flag since the query above, its figures are brought up to date, not an error.
        Flag.objects.bulk_create(
            new,
            update_conflicts=True,
            unique_fields=["enterprise", "category", "waste_code", "period", "kind"],
            update_fields=["severity", "score", "detector", "reasons", "fingerprint", "updated_at"],
        )
        result.created += len(new)
    return result


def scoring_lock(*, enterprise_ids: list[int] | None) -> None:
    """Wait for the scorings this one must not overlap, until the transaction ends: the whole
    city's excludes all; some enterprises' share the city lock and exclude each other's."""
    if enterprise_ids is None:
        advisory_xact_lock("flags-score")
    else:
        advisory_xact_lock("flags-score", shared=True)
        if enterprise_ids:
            advisory_xact_lock("flags-score-enterprise", *enterprise_ids)


def _apply(flag: Flag, candidate: Candidate, result: ScoreResult) -> None:
    if flag.fingerprint == candidate.fingerprint:
        if flag.status == Status.CLEARED:  # the anomaly is back exactly as it was
            flag.status = Status.OPEN
            flag.save(update_fields=["status", "updated_at"])
            _log(flag, Status.OPEN, _("The anomaly appeared again."))
            result.reopened += 1
        else:
            result.unchanged += 1
        return
    flag.severity = candidate.severity
    flag.score = candidate.score
    flag.detector_id = candidate.detector_id
    flag.reasons = candidate.reasons
    flag.fingerprint = candidate.fingerprint
    if flag.status != Status.OPEN:
        flag.status = Status.OPEN
        _log(flag, Status.OPEN, _("Reopened: the figures behind it changed."))
        result.reopened += 1
    else:
        result.updated += 1
    flag.save()


def flag_can_review(*, user: User) -> bool:
    """Regulators and staff review; park operators and enterprises only read their flags."""
    return reads_whole_city(user)


@transaction.atomic
def flag_review(*, actor: User, flag: Flag, status: str, note: str = "") -> Flag:
    if not flag_can_review(user=actor):
        raise PermissionDenied(_("Only the regulator reviews flags."))
    if status not in (Status.CONFIRMED, Status.DISMISSED):
        raise ValidationError({"status": _("A review confirms or dismisses a flag.")})
    if status == Status.DISMISSED and not note.strip():
        raise ValidationError({"note": _("Say why the flag is dismissed.")})
    flag = Flag.objects.select_for_update().get(pk=flag.pk)
    if flag.status == Status.CLEARED:
        raise ValidationError(_("This flag was cleared by newer data; there is nothing to review."))
    flag.status = status
    flag.review_note = note
    flag.reviewed_by = actor
    flag.reviewed_at = timezone.now()
    flag.save()
    _log(flag, status, note, actor)
    audit("flag.reviewed", actor=actor, flag=flag.pk, status=status)
    return flag


@transaction.atomic
def flag_assign(*, actor: User, flag: Flag, assignee: User | None, due_date: date | None) -> Flag:
    """Hand a flag to a colleague who reads the whole city, to be followed up by `due_date`
    (None for both: nobody); only those who review flags assign them."""
    if not flag_can_review(user=actor):
        raise PermissionDenied(_("Only the regulator assigns flags."))
    if assignee is not None and not city_readers().filter(pk=assignee.pk).exists():
        raise ValidationError({"assigned_to": _("A flag is assigned to a regulator.")})
    if due_date is not None and due_date < timezone.localdate():
        raise ValidationError({"due_date": _("The due date is in the past.")})
    flag = Flag.objects.select_for_update().get(pk=flag.pk)
    flag.assigned_to = assignee
    flag.due_date = due_date
    flag.save(update_fields=["assigned_to", "due_date", "updated_at"])
    audit(
        "flag.assigned",
        actor=actor,
        flag=flag.pk,
        assignee=assignee.pk if assignee else None,
        due_date=due_date.isoformat() if due_date else None,
    )
    return flag
