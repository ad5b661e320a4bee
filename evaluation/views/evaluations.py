"""The evaluations list (and starting a year) and an evaluation's page with its form."""

from itertools import groupby
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from evaluation import scoring, services
from evaluation.filters import ParkEvaluationFilter
from evaluation.forms import CommentForm, EvaluationStartForm, EvaluationValuesForm, plain
from evaluation.models import Indicator, IndicatorValue, ParkEvaluation, Verification
from evaluation.selectors import evaluation_can_enter, evaluation_list
from evaluation.traces import trace_explain
from evaluation.views.common import benchmark_shown, evaluation_or_404, messages_of
from parks.selectors import park_list, parks_operated
from wastewatch.roles import reads_whole_city

LIST_LIMIT = 300
Status = ParkEvaluation.Status


def evaluation_indicators(evaluation: ParkEvaluation) -> list[Indicator]:
    return list(
        evaluation.edition.indicators.select_related("group").order_by(
            "group__order", "group__code", "number"
        )
    )


def evaluation_values(evaluation: ParkEvaluation) -> dict[int, IndicatorValue]:
    values = evaluation.values.select_related("indicator", "updated_by")
    return {value.indicator.number: value for value in values}


def values_form(
    evaluation: ParkEvaluation,
    indicators: list[Indicator],
    values: dict[int, IndicatorValue],
    **kwargs: Any,
) -> EvaluationValuesForm:
    return EvaluationValuesForm(
        indicators=indicators,
        requirements=evaluation.edition.requirements,
        values=values,
        eligibility=evaluation.eligibility,
        **kwargs,
    )


@login_required
def evaluation_list_view(request: HttpRequest) -> HttpResponse:
    parks = park_list(user=request.user).defer("boundary").order_by("code")
    filters = ParkEvaluationFilter(
        request.GET or None,
        queryset=evaluation_list(user=request.user).order_by("-year", "park__code", "-version"),
        park_choices=[(park.code, park.display_name) for park in parks],
    )
    evaluations = filters.qs
    this_year = timezone.localdate().year
    return render(
        request,
        "evaluation/evaluation_list.html",
        {
            "form": filters.form,
            "evaluations": evaluations[:LIST_LIMIT],
            "limit": LIST_LIMIT,
            "operated": parks_operated(user=request.user).defer("boundary").order_by("code"),
            "start_year": this_year - 1,
            "first_year": services.FIRST_YEAR,
            "this_year": this_year,
            "reads_city": reads_whole_city(request.user),
        },
    )


@login_required
@require_POST
def evaluation_create_view(request: HttpRequest) -> HttpResponse:
    form = EvaluationStartForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, " ".join(str(error) for errors in form.errors.values() for error in errors)
        )
        return redirect("evaluation:list")
    park = get_object_or_404(park_list(user=request.user), code=form.cleaned_data["park"])
    year = form.cleaned_data["year"]
    try:
        evaluation = services.evaluation_create(actor=request.user, park=park, year=year)
    except ValidationError as invalid:
        messages.error(request, messages_of(invalid))
        return redirect("evaluation:list")
    messages.success(
        request,
        _("The evaluation of %(year)d is started: fill it in, save it and submit it.")
        % {"year": year},
    )
    return redirect("evaluation:detail", pk=evaluation.pk)


def _row(
    indicator: Indicator,
    value: IndicatorValue | None,
    score: scoring.IndicatorScore | None,
    form: EvaluationValuesForm | None,
) -> dict[str, Any]:
    trace = value.trace if value is not None else {}
    row: dict[str, Any] = {
        "indicator": indicator,
        "value": value,
        "shown": plain(value.value) if value is not None else "",
        "score": score,
        "benchmark": benchmark_shown(indicator, score),
        "unverified": indicator.verification != Verification.VERIFIED,
        "derived": value is not None and value.source == IndicatorValue.Source.DERIVED,
        "trace": trace_explain(trace),
        "ledger_entries": trace.get("ledger_entries", ""),
        "evidence_url": reverse(
            "v1:park-evaluation-evidence-file",
            kwargs={"pk": value.evaluation_id, "number": indicator.number},
        )
        if value is not None and value.evidence
        else "",
    }
    if form is not None:
        names = [form.main_field(indicator), f"note_{indicator.number}"]
        names.append(f"evidence_{indicator.number}")
        row["input"], row["note"], row["evidence"] = (form[name] for name in names)
        row["errors"] = [error for name in names for error in form.errors.get(name, [])]
    return row


def render_detail(
    request: HttpRequest,
    evaluation: ParkEvaluation,
    form: EvaluationValuesForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    indicators = evaluation_indicators(evaluation)
    values = evaluation_values(evaluation)
    can_enter = evaluation_can_enter(user=user, evaluation=evaluation)
    editable = can_enter and evaluation.is_editable
    if editable and form is None:
        form = values_form(evaluation, indicators, values)
    if not editable:
        form = None
    score = scoring.evaluation_score(evaluation=evaluation)
    scores = {item.number: item for item in score.indicators}
    group_scores = {group.code: group for group in score.groups}
    names = {indicator.number: indicator for indicator in indicators}

    groups = []
    for _group_id, members in groupby(indicators, key=lambda indicator: indicator.group_id):
        members = list(members)
        group = members[0].group
        groups.append(
            {
                "group": group,
                "score": group_scores.get(group.code),
                "rows": [
                    _row(
                        indicator, values.get(indicator.number), scores.get(indicator.number), form
                    )
                    for indicator in members
                ],
            }
        )
    requirements = []
    for requirement in evaluation.edition.requirements:
        code = requirement["code"]
        answer = evaluation.eligibility.get(code) or {}
        item = {
            "requirement": requirement,
            "met": answer.get("met"),
            "evidence": answer.get("evidence", ""),
            "unverified": requirement.get("verification") != Verification.VERIFIED,
        }
        if form is not None:
            item["met_field"] = form[f"requirement_{code}"]
            item["evidence_field"] = form[f"requirement_{code}_evidence"]
            item["errors"] = [
                *form.errors.get(f"requirement_{code}", []),
                *form.errors.get(f"requirement_{code}_evidence", []),
            ]
        requirements.append(item)
    requirement_names = {item["code"]: item for item in evaluation.edition.requirements}
    versions = evaluation_list(user=user).filter(park=evaluation.park, year=evaluation.year)
    versions = list(versions.order_by("version"))
    return render(
        request,
        "evaluation/evaluation_detail.html",
        {
            "evaluation": evaluation,
            "form": form,
            "comment_form": CommentForm(),
            "score": score,
            "frozen": evaluation.status == Status.APPROVED and bool(evaluation.score_detail),
            "groups": groups,
            "requirements": requirements,
            "failed_mandatory": [names[n] for n in score.failed_mandatory if n in names],
            "below_benchmark": [
                {
                    "indicator": names[n],
                    "score": scores[n],
                    "value": plain(scores[n].value),
                    "benchmark": benchmark_shown(names[n], scores[n]),
                }
                for n in score.below_benchmark
                if n in names
            ],
            "unmet_requirements": [
                requirement_names.get(code, {"code": code, "name": code})
                for code in score.eligibility_failures
            ],
            "versions": versions,
            "can_enter": can_enter,
            "reads_city": reads_whole_city(user),
            "can_review": reads_whole_city(user) and evaluation.status == Status.SUBMITTED,
            "can_revise": can_enter
            and evaluation.status == Status.APPROVED
            and versions[-1].pk == evaluation.pk,
            "has_derived": any(i.input == Indicator.Input.DERIVED for i in indicators),
        },
        status=status,
    )


@login_required
def evaluation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render_detail(request, evaluation_or_404(request, pk))
