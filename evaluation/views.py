"""Portal pages of the green-park evaluation: the list (and starting a year), an evaluation with
its form and workflow buttons, the regulator's ranking, and a park's last three years.

Reads go through evaluation.selectors and parks.selectors, writes through evaluation.services,
and scores come from evaluation.scoring: these views only turn them into pages. Every action is
a POST that redirects back with a message; a refusal by role is a 403, a rule that is not met
(wrong state, frozen, missing comment) a message on the page.
"""

from collections.abc import Callable
from itertools import groupby
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from evaluation import scoring, services
from evaluation.forms import (
    EvaluationFilterForm,
    EvaluationStartForm,
    EvaluationValuesForm,
    RankingForm,
    plain,
)
from evaluation.models import Indicator, IndicatorValue, ParkEvaluation, Verification
from evaluation.selectors import edition_default, evaluation_can_enter, evaluation_list
from indicators.formulas import FIGURE_LABELS
from parks.selectors import park_list, parks_operated
from wastewatch.files import protected_file_response
from wastewatch.roles import reads_whole_city

LIST_LIMIT = 300
HISTORY_YEARS = 3
Status = ParkEvaluation.Status


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("Comment"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def _evaluation(request: HttpRequest, pk: int) -> ParkEvaluation:
    """The evaluation if the user may read it; 404 otherwise, as if it did not exist."""
    return get_object_or_404(evaluation_list(user=request.user), pk=pk)


def _indicators(evaluation: ParkEvaluation) -> list[Indicator]:
    return list(
        evaluation.edition.indicators.select_related("group").order_by(
            "group__order", "group__code", "number"
        )
    )


def _values(evaluation: ParkEvaluation) -> dict[int, IndicatorValue]:
    values = evaluation.values.select_related("indicator", "updated_by")
    return {value.indicator.number: value for value in values}


def _values_form(
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


def _messages_of(invalid: ValidationError) -> str:
    return " ".join(str(message) for message in invalid.messages)


# The list -----------------------------------------------------------------------------------


@login_required
def evaluation_list_view(request: HttpRequest) -> HttpResponse:
    parks = park_list(user=request.user).defer("boundary").order_by("code")
    form = EvaluationFilterForm(
        request.GET or None, parks=[(park.code, park.name) for park in parks]
    )
    evaluations = evaluation_list(user=request.user).order_by("-year", "park__code", "-version")
    if form.is_bound and form.is_valid():
        if form.cleaned_data["year"]:
            evaluations = evaluations.filter(year=form.cleaned_data["year"])
        if form.cleaned_data["park"]:
            evaluations = evaluations.filter(park__code=form.cleaned_data["park"])
        if form.cleaned_data["status"]:
            evaluations = evaluations.filter(status=form.cleaned_data["status"])
    this_year = timezone.localdate().year
    return render(
        request,
        "evaluation/evaluation_list.html",
        {
            "form": form,
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
        messages.error(request, _messages_of(invalid))
        return redirect("evaluation:list")
    messages.success(
        request,
        _("The evaluation of %(year)d is started: fill it in, save it and submit it.")
        % {"year": year},
    )
    return redirect("evaluation:detail", pk=evaluation.pk)


# An evaluation ------------------------------------------------------------------------------


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
        "benchmark": indicator.benchmark_text
        if indicator.is_qualitative
        else plain(indicator.benchmark),
        "unverified": indicator.verification != Verification.VERIFIED,
        "derived": value is not None and value.source == IndicatorValue.Source.DERIVED,
        "figures": [
            (FIGURE_LABELS.get(key, key), figure)
            for key, figure in (trace.get("figures") or {}).items()
        ],
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


def _render_detail(
    request: HttpRequest,
    evaluation: ParkEvaluation,
    form: EvaluationValuesForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    indicators = _indicators(evaluation)
    values = _values(evaluation)
    can_enter = evaluation_can_enter(user=user, evaluation=evaluation)
    editable = can_enter and evaluation.is_editable
    if editable and form is None:
        form = _values_form(evaluation, indicators, values)
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
    return _render_detail(request, _evaluation(request, pk))


@login_required
@require_POST
def evaluation_save(request: HttpRequest, pk: int) -> HttpResponse:
    """Save every changed value, requirement and evidence file at once, or nothing: a refused
    value shows its reason next to its row, with what was typed kept in the form."""
    evaluation = _evaluation(request, pk)
    form = _values_form(
        evaluation,
        _indicators(evaluation),
        _values(evaluation),
        data=request.POST,
        files=request.FILES,
    )
    if form.is_valid():
        try:
            with transaction.atomic():
                services.indicator_values_set(
                    actor=request.user, evaluation=evaluation, items=form.value_items()
                )
                services.evaluation_eligibility_set(
                    actor=request.user, evaluation=evaluation, items=form.eligibility_items()
                )
                for indicator, upload in form.evidence_files():
                    try:
                        services.indicator_evidence_attach(
                            actor=request.user,
                            evaluation=evaluation,
                            indicator=indicator,
                            evidence=upload,
                        )
                    except ValidationError as invalid:
                        form.add_error(f"evidence_{indicator.number}", invalid.messages)
                        raise
        except services.ValuesRejected as rejected:
            by_number = {indicator.number: indicator for indicator in form.indicators}
            for item in rejected.items:
                indicator = by_number.get(item["indicator"])
                form.add_error(form.main_field(indicator) if indicator else None, item["reason"])
            messages.error(request, _messages_of(rejected))
            return _render_detail(request, evaluation, form=form)
        except ValidationError as invalid:
            if not form.errors:  # the evaluation's state: frozen, submitted
                messages.error(request, _messages_of(invalid))
                return redirect("evaluation:detail", pk=pk)
        else:
            messages.success(request, _("Saved."))
            return redirect("evaluation:detail", pk=pk)
    elif not evaluation_can_enter(user=request.user, evaluation=evaluation):
        raise PermissionDenied(_("Only the park's operators enter and submit its evaluation."))
    elif not evaluation.is_editable:
        messages.error(request, _("This evaluation cannot be changed in its current state."))
        return redirect("evaluation:detail", pk=pk)
    messages.error(request, _("Nothing was saved: correct the rows marked below."))
    return _render_detail(request, evaluation, form=form)


def _act(
    request: HttpRequest,
    pk: int,
    action: Callable[[ParkEvaluation], ParkEvaluation],
    done: Callable[[ParkEvaluation], str],
) -> HttpResponse:
    """Run a workflow step on the evaluation and go back to it (or to the version it made)."""
    evaluation = _evaluation(request, pk)
    try:
        result = action(evaluation)
    except ValidationError as invalid:
        messages.error(request, _messages_of(invalid))
        return redirect("evaluation:detail", pk=pk)
    messages.success(request, done(result))
    return redirect("evaluation:detail", pk=result.pk)


def _comment(request: HttpRequest) -> str:
    form = CommentForm(request.POST)
    if not form.is_valid():
        raise ValidationError([error for errors in form.errors.values() for error in errors])
    return form.cleaned_data["comment"]


@login_required
@require_POST
def evaluation_derive_view(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = _evaluation(request, pk)
    try:
        derived = services.evaluation_derive(actor=request.user, evaluation=evaluation)
    except ValidationError as invalid:
        messages.error(request, _messages_of(invalid))
    else:
        if derived:
            messages.success(
                request,
                _("Indicators %(numbers)s were computed from the park's ledgers of %(year)d.")
                % {
                    "numbers": ", ".join(f"#{value.indicator.number}" for value in derived),
                    "year": evaluation.year,
                },
            )
        else:
            messages.info(request, _("This edition has no indicator derived from the ledgers."))
    return redirect("evaluation:detail", pk=pk)


@login_required
@require_POST
def evaluation_submit_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        lambda evaluation: services.evaluation_submit(actor=request.user, evaluation=evaluation),
        lambda evaluation: _("Submitted to the regulator."),
    )


@login_required
@require_POST
def evaluation_approve_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        lambda evaluation: services.evaluation_approve(
            actor=request.user, evaluation=evaluation, comment=_comment(request)
        ),
        lambda evaluation: (
            _("Approved: the green index %(gi)s is frozen.") % {"gi": evaluation.score}
        ),
    )


@login_required
@require_POST
def evaluation_return_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        lambda evaluation: services.evaluation_return(
            actor=request.user, evaluation=evaluation, comment=_comment(request)
        ),
        lambda evaluation: _("Returned to the park with your comment."),
    )


@login_required
@require_POST
def evaluation_revise_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        lambda evaluation: services.evaluation_revise(actor=request.user, evaluation=evaluation),
        lambda revision: (
            _("Version %(version)d is started from the approved values: edit it and submit it.")
            % {"version": revision.version}
        ),
    )


# The ranking --------------------------------------------------------------------------------


def _best(indicator: Indicator, items: list[scoring.IndicatorScore | None]) -> set[int]:
    """The positions of the best values of a row: the highest, the lowest for lower is better,
    those met for a qualitative indicator."""
    scored = [
        (position, item)
        for position, item in enumerate(items)
        if item is not None and item.status == scoring.SCORED
    ]
    if indicator.is_qualitative:
        return {position for position, item in scored if item.met}
    if not scored:
        return set()
    values = [item.value for _position, item in scored]
    best = min(values) if indicator.direction == Indicator.Direction.LOWER else max(values)
    return {position for position, item in scored if item.value == best}


@login_required
def evaluation_ranking(request: HttpRequest) -> HttpResponse:
    """The parks of the city by green index for a year; each user sees the rows of the parks
    whose evaluations they may read (the ranks are the city's)."""
    visible = evaluation_list(user=request.user)
    form = RankingForm(request.GET or None)
    edition, year = edition_default(), None
    if form.is_bound and form.is_valid():
        edition = form.cleaned_data["edition"] or edition
        year = form.cleaned_data["year"]
    elif form.is_bound:
        messages.error(
            request, " ".join(str(error) for errors in form.errors.values() for error in errors)
        )
    if edition is None:
        messages.error(request, _("No indicator edition is loaded."))
        return redirect("evaluation:list")
    if year is None:
        approved = visible.filter(edition=edition, status=Status.APPROVED)
        year = approved.aggregate(last=Max("year"))["last"] or timezone.localdate().year - 1
    form = RankingForm(initial={"year": year, "edition": edition.code})  # what is shown
    rows = scoring.evaluation_rank(year=year, edition=edition)
    readable = {
        evaluation.pk: evaluation
        for evaluation in visible.filter(pk__in=[row.evaluation for row in rows])
    }
    rows = [row for row in rows if row.evaluation in readable]
    scores = {
        pk: {
            item.number: item for item in scoring.evaluation_score(evaluation=evaluation).indicators
        }
        for pk, evaluation in readable.items()
    }
    table = []
    indicators = edition.indicators.select_related("group").order_by(
        "group__order", "group__code", "number"
    )
    for indicator in indicators:
        items = [scores[row.evaluation].get(indicator.number) for row in rows]
        best = _best(indicator, items)
        if len(best) == len(items):  # one park, or all alike: nothing stands out
            best = set()
        table.append(
            {
                "indicator": indicator,
                "benchmark": indicator.benchmark_text
                if indicator.is_qualitative
                else plain(indicator.benchmark),
                "cells": [
                    {
                        "item": item,
                        "value": plain(item.value) if item is not None else "",
                        "best": position in best,
                    }
                    for position, item in enumerate(items)
                ],
            }
        )
    return render(
        request,
        "evaluation/evaluation_ranking.html",
        {
            "form": form,
            "year": year,
            "edition": edition,
            "rows": rows,
            "table": table,
            "reads_city": reads_whole_city(request.user),
        },
    )


# A park's last years ------------------------------------------------------------------------


@login_required
def park_evaluation_history_view(request: HttpRequest, code: str) -> HttpResponse:
    park = get_object_or_404(park_list(user=request.user).defer("boundary"), code=code)
    this_year = timezone.localdate().year
    try:
        until = int(request.GET["year"])
    except (KeyError, ValueError):
        until = None
    if until is not None and not services.FIRST_YEAR <= until <= this_year:
        until = None
    history = scoring.park_evaluation_history(
        park=park,
        years=HISTORY_YEARS,
        until=until,
        evaluations=evaluation_list(user=request.user),
    )
    labels = dict(Status.choices)
    columns = [
        {"column": column, "status": labels.get(column.status, "")} for column in history.columns
    ]
    rows = [
        {
            "row": row,
            "cells": [{"cell": cell, "value": plain(cell.value)} for cell in row.cells],
        }
        for row in history.rows
    ]
    last = history.years[-1]
    return render(
        request,
        "evaluation/park_history.html",
        {
            "park": park,
            "history": history,
            "columns": columns,
            "rows": rows,
            "earlier": last - HISTORY_YEARS
            if last - HISTORY_YEARS >= services.FIRST_YEAR
            else None,
            "later": min(last + HISTORY_YEARS, this_year) if last < this_year else None,
        },
    )


@login_required
def evidence_file(request: HttpRequest, pk: int) -> HttpResponse:
    """An indicator value's evidence, for the readers of its evaluation."""
    value = get_object_or_404(
        IndicatorValue.objects.filter(evaluation__in=evaluation_list(user=request.user)), pk=pk
    )
    return protected_file_response(value.evidence)
