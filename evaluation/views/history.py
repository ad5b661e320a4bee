"""A park's last three years side by side."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from evaluation import scoring, services
from evaluation.forms import plain
from evaluation.models import Indicator, ParkEvaluation
from evaluation.selectors import evaluation_list
from parks.selectors import park_list

HISTORY_YEARS = 3
Status = ParkEvaluation.Status


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
            "benchmark": row.benchmark_text
            if row.direction == Indicator.Direction.QUALITATIVE
            else plain(row.benchmark),
            "cells": [
                {
                    "cell": cell,
                    "value": plain(cell.value),
                    "benchmark": plain(cell.benchmark)
                    if cell.benchmark is not None
                    else (row.benchmark_text or plain(row.benchmark)),
                }
                for cell in row.cells
            ],
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
