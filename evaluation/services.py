"""Writes of the green-park evaluation: the yearly workflow.

    draft ──submit──▶ submitted ──approve──▶ approved (frozen) ──revise──▶ version + 1, draft
      ▲                   │
      └──── returned ◀────┘ return (with a comment); the park edits and submits again

The park's operators (and staff) create, fill in, submit and revise; the regulator (and staff)
approve or return. Values change only in draft or returned; an approved version keeps the
score it was approved with.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluation.models import (
    EVIDENCE_EXTENSIONS,
    Indicator,
    IndicatorEdition,
    IndicatorValue,
    ParkEvaluation,
)
from evaluation.scoring import evaluation_score, score_to_json
from evaluation.selectors import edition_default, evaluation_can_enter
from indicators.services import park_year_indicators
from parks.models import Park
from parks.selectors import park_can_change
from wastewatch.audit import audit
from wastewatch.numbers import round_half_up
from wastewatch.roles import User, reads_whole_city

FIRST_YEAR = 2000
MAX_EVIDENCE_BYTES = 20 * 1024 * 1024
MAX_VALUE = Decimal(10) ** 14  # Decimal(20, 6)
MAX_NOTE = 2000

Status = ParkEvaluation.Status


def _locked(evaluation: ParkEvaluation) -> ParkEvaluation:
    """The evaluation's row, locked until the transaction ends: a value cannot slip in while
    the regulator approves."""
    return (
        ParkEvaluation.objects.select_for_update()
        .select_related("park", "edition")
        .get(pk=evaluation.pk)
    )


def _audit(event: str, actor: User, evaluation: ParkEvaluation, **fields) -> None:
    audit(
        event,
        actor=actor,
        park=evaluation.park.code,
        year=evaluation.year,
        version=evaluation.version,
        **fields,
    )


def _require_enterer(actor: User, evaluation: ParkEvaluation) -> None:
    if not evaluation_can_enter(user=actor, evaluation=evaluation):
        raise PermissionDenied(_("Only the park's operators enter and submit its evaluation."))


def _require_reviewer(actor: User) -> None:
    if not reads_whole_city(actor):
        raise PermissionDenied(_("Only the regulator approves or returns an evaluation."))


def _require_editable(evaluation: ParkEvaluation) -> None:
    if evaluation.status == Status.APPROVED:
        raise ValidationError(
            _("Version %(version)d is approved and frozen: revise it to make a new version.")
            % {"version": evaluation.version}
        )
    if not evaluation.is_editable:
        raise ValidationError(
            _("The evaluation is submitted: it can change only after the regulator returns it.")
        )


@transaction.atomic
def evaluation_create(
    *, actor: User, park: Park, year: int, edition: IndicatorEdition | None = None
) -> ParkEvaluation:
    """Start a park's evaluation of a year (version 1, draft)."""
    if not park_can_change(user=actor, park=park):
        raise PermissionDenied(_("Only the park's operators start its evaluation."))
    this_year = timezone.localdate().year
    if not FIRST_YEAR <= year <= this_year:
        raise ValidationError(
            {
                "year": _("Give a year from %(first)d to %(last)d.")
                % {"first": FIRST_YEAR, "last": this_year}
            }
        )
    edition = edition or edition_default()
    if edition is None:
        raise ValidationError(
            _("No indicator edition is loaded: run manage.py load_indicator_catalogue.")
        )
    if ParkEvaluation.objects.filter(park=park, year=year).exists():
        raise ValidationError(
            {
                "year": _("%(park)s already has an evaluation of %(year)d: revise it instead.")
                % {"park": park.code, "year": year}
            }
        )
    return ParkEvaluation.objects.create(
        park=park, year=year, edition=edition, version=1, created_by=actor
    )


@dataclass(frozen=True)
class ValueInput:
    """One indicator's value as sent: a number, or met for a qualitative indicator. No value
    and a note starting "not computable:" records why it cannot be computed."""

    indicator: int
    value: Decimal | None = None
    met: bool | None = None
    note: str = ""

    def __post_init__(self) -> None:
        if self.value is not None and not isinstance(self.value, Decimal):
            try:  # an int or a float from a caller: as written, not as the binary float
                object.__setattr__(self, "value", Decimal(str(self.value)))
            except InvalidOperation as exc:
                raise ValidationError(_("The value is not a number.")) from exc


class ValuesRejected(ValidationError):
    """Some items were not valid; nothing was saved. `items` says which and why."""

    def __init__(self, items: list[dict[str, Any]]) -> None:
        super().__init__(
            _("Nothing was saved: %(count)d problem(s) to fix.") % {"count": len(items)}
        )
        self.items = items


def _value_problems(item: ValueInput, indicator: Indicator | None, edition: str) -> list[str]:
    if indicator is None:
        return [
            _("There is no indicator %(number)s in edition %(edition)s.")
            % {"number": item.indicator, "edition": edition}
        ]
    problems = []
    if indicator.is_qualitative and item.value is not None:
        problems.append(_("A qualitative indicator takes met (true or false), not a value."))
    if not indicator.is_qualitative and item.met is not None:
        problems.append(_("A quantitative indicator takes a value, not met."))
    if item.value is not None and (not item.value.is_finite() or abs(item.value) >= MAX_VALUE):
        problems.append(_("The value is not a number the evaluation can store."))
    if len(item.note) > MAX_NOTE:
        problems.append(_("The note is longer than %(max)d characters.") % {"max": MAX_NOTE})
    return problems


@transaction.atomic
def indicator_values_set(
    *,
    actor: User,
    evaluation: ParkEvaluation,
    items: Sequence[ValueInput],
    source: str = IndicatorValue.Source.ENTERED,
) -> list[IndicatorValue]:
    """Set several indicator values of a draft or returned evaluation: all saved, or none
    (ValuesRejected lists every problem). Entered or uploaded values replace derived ones."""
    _require_enterer(actor, evaluation)
    evaluation = _locked(evaluation)
    _require_editable(evaluation)
    indicators = {i.number: i for i in evaluation.edition.indicators.all()}
    errors, seen = [], set()
    for position, item in enumerate(items, start=1):
        problems = _value_problems(item, indicators.get(item.indicator), evaluation.edition.code)
        if item.indicator in seen:
            problems.append(_("The indicator appears more than once."))
        seen.add(item.indicator)
        errors += [
            {"item": position, "indicator": item.indicator, "reason": str(problem)}
            for problem in problems
        ]
    if errors:
        raise ValuesRejected(errors)
    saved = []
    for item in items:
        value, _created = IndicatorValue.objects.update_or_create(
            evaluation=evaluation,
            indicator=indicators[item.indicator],
            defaults={
                "value": None if item.value is None else item.value.quantize(Decimal("0.000001")),
                "met": item.met,
                "note": item.note,
                "source": source,
                "trace": {},
                "updated_by": actor,
            },
        )
        saved.append(value)
    evaluation.save(update_fields=["updated_at"])
    return saved


def indicator_value_set(
    *,
    actor: User,
    evaluation: ParkEvaluation,
    indicator: Indicator,
    value: Decimal | None = None,
    met: bool | None = None,
    note: str = "",
    evidence: File | None = None,
) -> IndicatorValue:
    """Set one indicator's value (and, if given, its evidence file)."""
    with transaction.atomic():
        item = ValueInput(indicator=indicator.number, value=value, met=met, note=note)
        (saved,) = indicator_values_set(actor=actor, evaluation=evaluation, items=[item])
        if evidence is not None:
            saved = indicator_evidence_attach(
                actor=actor, evaluation=evaluation, indicator=indicator, evidence=evidence
            )
    return saved


@transaction.atomic
def indicator_evidence_attach(
    *, actor: User, evaluation: ParkEvaluation, indicator: Indicator, evidence: File
) -> IndicatorValue:
    """Attach a supporting document to an indicator's value (creating an empty value if there
    is none yet). The previous file is kept on disk: earlier versions may still point to it."""
    _require_enterer(actor, evaluation)
    evaluation = _locked(evaluation)
    _require_editable(evaluation)
    if indicator.edition_id != evaluation.edition_id:
        raise ValidationError({"indicator": _("The indicator belongs to another edition.")})
    name = getattr(evidence, "name", "") or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in EVIDENCE_EXTENSIONS:
        raise ValidationError(
            {"file": _("Send one of: %(types)s.") % {"types": ", ".join(EVIDENCE_EXTENSIONS)}}
        )
    if evidence.size is not None and evidence.size > MAX_EVIDENCE_BYTES:
        raise ValidationError({"file": _("The file is larger than 20 MB.")})
    value, _created = IndicatorValue.objects.get_or_create(
        evaluation=evaluation, indicator=indicator, defaults={"updated_by": actor}
    )
    value.evidence.save(name.rsplit("/", 1)[-1], evidence, save=False)
    value.updated_by = actor
    value.save()
    return value


@transaction.atomic
def evaluation_eligibility_set(
    *, actor: User, evaluation: ParkEvaluation, items: Mapping[str, Mapping[str, Any]]
) -> ParkEvaluation:
    """Record whether the park meets basic requirements: {code: {"met": bool, "evidence": str}}.
    Requirements not sent keep what was recorded."""
    _require_enterer(actor, evaluation)
    evaluation = _locked(evaluation)
    _require_editable(evaluation)
    known = evaluation.edition.requirement_codes
    unknown = sorted(set(items) - set(known))
    if unknown:
        raise ValidationError(
            {
                "eligibility": _("Unknown requirement(s): %(codes)s. Known: %(known)s.")
                % {"codes": ", ".join(unknown), "known": ", ".join(known)}
            }
        )
    eligibility = dict(evaluation.eligibility)
    for code, item in items.items():
        eligibility[code] = {"met": bool(item["met"]), "evidence": str(item.get("evidence", ""))}
    evaluation.eligibility = eligibility
    evaluation.save(update_fields=["eligibility", "updated_at"])
    return evaluation


class EvidenceRejected(ValidationError):
    """An evidence file was refused while saving an evaluation form; nothing was saved.
    `indicator` is the number of the indicator it was sent for."""

    def __init__(self, *, indicator: int, invalid: ValidationError) -> None:
        super().__init__(invalid.messages)
        self.indicator = indicator


@transaction.atomic
def evaluation_form_save(
    *,
    actor: User,
    evaluation: ParkEvaluation,
    values: Sequence[ValueInput],
    eligibility: Mapping[str, Mapping[str, Any]],
    evidence: Sequence[tuple[Indicator, File]],
) -> None:
    """Everything the portal's evaluation form holds, in one transaction: the values, the
    answers to the basic requirements and the evidence files. All are saved, or none:
    ValuesRejected lists the refused values, EvidenceRejected names the refused file's
    indicator, and a ValidationError says why the evaluation cannot be changed."""
    indicator_values_set(actor=actor, evaluation=evaluation, items=values)
    evaluation_eligibility_set(actor=actor, evaluation=evaluation, items=eligibility)
    for indicator, upload in evidence:
        try:
            indicator_evidence_attach(
                actor=actor, evaluation=evaluation, indicator=indicator, evidence=upload
            )
        except ValidationError as invalid:
            raise EvidenceRejected(indicator=indicator.number, invalid=invalid) from invalid


@transaction.atomic
def evaluation_submit(*, actor: User, evaluation: ParkEvaluation) -> ParkEvaluation:
    """Hand the evaluation to the regulator. Missing values do not block it: the score shows
    the mandatory indicators that fail."""
    _require_enterer(actor, evaluation)
    evaluation = _locked(evaluation)
    if not evaluation.is_editable:
        raise ValidationError(_("Only a draft or returned evaluation can be submitted."))
    evaluation.status = Status.SUBMITTED
    evaluation.submitted_by, evaluation.submitted_at = actor, timezone.now()
    evaluation.save()
    _audit("evaluation.submitted", actor, evaluation)
    return evaluation


@transaction.atomic
def evaluation_approve(
    *, actor: User, evaluation: ParkEvaluation, comment: str = ""
) -> ParkEvaluation:
    """Approve a submitted evaluation and freeze its score (GI, pass, every r) as it is now."""
    _require_reviewer(actor)
    evaluation = _locked(evaluation)
    if evaluation.status != Status.SUBMITTED:
        raise ValidationError(_("Only a submitted evaluation can be approved."))
    score = evaluation_score(evaluation=evaluation)
    evaluation.status = Status.APPROVED
    evaluation.score, evaluation.passed = score.gi, score.passed
    evaluation.score_detail = score_to_json(score)
    evaluation.reviewed_by, evaluation.reviewed_at = actor, timezone.now()
    evaluation.review_comment = comment.strip()
    evaluation.save()
    _audit("evaluation.approved", actor, evaluation, score=evaluation.score)
    return evaluation


@transaction.atomic
def evaluation_return(*, actor: User, evaluation: ParkEvaluation, comment: str) -> ParkEvaluation:
    """Send a submitted evaluation back to the park, saying what to change."""
    _require_reviewer(actor)
    if not comment.strip():
        raise ValidationError({"comment": _("Say what the park should change.")})
    evaluation = _locked(evaluation)
    if evaluation.status != Status.SUBMITTED:
        raise ValidationError(_("Only a submitted evaluation can be returned."))
    evaluation.status = Status.RETURNED
    evaluation.reviewed_by, evaluation.reviewed_at = actor, timezone.now()
    evaluation.review_comment = comment.strip()
    evaluation.save()
    _audit("evaluation.returned", actor, evaluation)
    return evaluation


@transaction.atomic
def evaluation_revise(*, actor: User, evaluation: ParkEvaluation) -> ParkEvaluation:
    """Correct an approved evaluation: a new version, as a draft, starting from its values.
    The approved version stays as it was (and counts in the ranking until the new one is
    approved)."""
    _require_enterer(actor, evaluation)
    evaluation = _locked(evaluation)
    if evaluation.status != Status.APPROVED:
        raise ValidationError(_("Only an approved evaluation is revised; edit this one instead."))
    siblings = ParkEvaluation.objects.filter(park=evaluation.park, year=evaluation.year)
    latest = siblings.order_by("-version").first()
    if latest.pk != evaluation.pk:
        raise ValidationError(
            _("Version %(version)d is newer: revise or edit that one.")
            % {"version": latest.version}
        )
    revision = ParkEvaluation.objects.create(
        park=evaluation.park,
        year=evaluation.year,
        edition=evaluation.edition,
        version=evaluation.version + 1,
        eligibility=dict(evaluation.eligibility),
        created_by=actor,
    )
    IndicatorValue.objects.bulk_create(
        IndicatorValue(
            evaluation=revision,
            indicator_id=value.indicator_id,
            value=value.value,
            met=value.met,
            source=value.source,
            evidence=value.evidence.name,
            note=value.note,
            trace=value.trace,
            updated_by_id=value.updated_by_id,
        )
        for value in evaluation.values.all()
    )
    return revision


# The catalogue's derivations, and the zero-waste city indicator each one is.
DERIVATIONS = {
    "solid_waste_utilisation_rate": "general_utilisation_rate",
    "solid_waste_disposal_utilisation_rate": "disposal_utilisation_rate",
}


@transaction.atomic
def evaluation_derive(*, actor: User, evaluation: ParkEvaluation) -> list[IndicatorValue]:
    """Compute the derived indicators from the park's ledgers of the evaluated year: the value,
    or none with the reason it is not computable, and in `trace` the terms and the query of
    the ledger rows it came from. Draft or returned evaluations only, like any value."""
    _require_enterer(actor, evaluation)
    evaluation = _locked(evaluation)
    _require_editable(evaluation)
    results, ledger_entries = park_year_indicators(park=evaluation.park, year=evaluation.year)
    saved = []
    derived = evaluation.edition.indicators.filter(input=Indicator.Input.DERIVED)
    for indicator in derived.order_by("number"):
        code = DERIVATIONS.get(indicator.derivation)
        if code is None:
            continue  # a derivation this version of the platform does not know
        result = results[code]
        value, _created = IndicatorValue.objects.update_or_create(
            evaluation=evaluation,
            indicator=indicator,
            defaults={
                # Kept to the four places derived values always had (computed in full).
                "value": None
                if result.value is None
                else Decimal(str(round_half_up(result.value, 4))).quantize(Decimal("0.000001")),
                "met": None,
                "note": result.not_computable,
                "source": IndicatorValue.Source.DERIVED,
                "trace": {
                    "indicator": code,
                    "period_from": f"{evaluation.year}-01",
                    "period_to": f"{evaluation.year}-12",
                    "figures": {
                        name: round_half_up(figure, 3) if isinstance(figure, float) else figure
                        for name, figure in result.figures.items()
                    },
                    "ledger_entries": ledger_entries,
                },
                "updated_by": actor,
            },
        )
        saved.append(value)
    evaluation.save(update_fields=["updated_at"])
    return saved
