"""The regulator's ranking of the parks for a year, with every indicator side by side."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluation import scoring
from evaluation.forms import RankingForm, plain
from evaluation.models import Indicator, ParkEvaluation
from evaluation.selectors import edition_default, evaluation_list
from evaluation.views.common import benchmark_shown
from wastewatch.numbers import number_formatter
from wastewatch.roles import reads_whole_city

Status = ParkEvaluation.Status


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
    attainment = number_formatter(3, grouped=False)
    table = []
    indicators = list(
        edition.indicators.select_related("group").order_by("group__order", "group__code", "number")
    )
    names = {indicator.number: indicator for indicator in indicators}
    ranked = [
        {
            "row": row,
            "mandatory_below": [names[n] for n in row.mandatory_below_benchmark if n in names],
        }
        for row in rows
    ]
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
                        "r": attainment(item.r) if item is not None and item.r is not None else "",
                        "benchmark": benchmark_shown(indicator, item),
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
            "ranked": ranked,
            "table": table,
            "reads_city": reads_whole_city(request.user),
        },
    )
