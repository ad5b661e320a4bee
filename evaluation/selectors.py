"""Reads of the green-park evaluation, scoped by role: operators read their parks'
evaluations, regulators and staff all, enterprise users their park's approved ones."""

from django.db.models import Prefetch, Q, QuerySet

from evaluation.models import Indicator, IndicatorEdition, IndicatorGroup, ParkEvaluation
from parks.models import EnterpriseMembership, ParkMembership
from parks.selectors import park_can_change
from wastewatch.roles import User, reads_whole_city


def evaluation_list(*, user: User) -> QuerySet[ParkEvaluation]:
    """Evaluations the user may read; anything else answers 404 as if it did not exist."""
    evaluations = ParkEvaluation.objects.select_related(
        "park", "edition", "created_by", "submitted_by", "reviewed_by"
    )
    if reads_whole_city(user):
        return evaluations
    if not user.is_authenticated:
        return evaluations.none()
    return evaluations.filter(
        Q(park__in=ParkMembership.objects.filter(user=user).values("park_id"))
        | Q(
            park__in=EnterpriseMembership.objects.filter(user=user).values("enterprise__park_id"),
            status=ParkEvaluation.Status.APPROVED,
        )
    )


def evaluations_awaiting_approval(*, user: User, park_codes: list[str] | None = None) -> int:
    """How many evaluations the user may read are submitted and await the bureau's approval
    (of the parks `park_codes`, if given)."""
    evaluations = evaluation_list(user=user).filter(status=ParkEvaluation.Status.SUBMITTED)
    if park_codes is not None:
        evaluations = evaluations.filter(park__code__in=park_codes)
    return evaluations.count()


def evaluation_can_enter(*, user: User, evaluation: ParkEvaluation) -> bool:
    """Whether the user enters values for the evaluation's park: its operators and staff.
    Regulators review; they never enter a park's figures."""
    return park_can_change(user=user, park=evaluation.park)


def edition_list() -> QuerySet[IndicatorEdition]:
    """Editions with their groups and indicators (reference data: everyone signed in reads it)."""
    return IndicatorEdition.objects.prefetch_related(
        Prefetch("groups", queryset=IndicatorGroup.objects.order_by("order", "code")),
        Prefetch("indicators", queryset=Indicator.objects.select_related("group")),
    )


def edition_default() -> IndicatorEdition | None:
    """The edition new evaluations use unless told otherwise: the last one loaded."""
    return IndicatorEdition.objects.order_by("-pk").first()
