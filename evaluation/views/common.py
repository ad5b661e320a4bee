"""Helpers the evaluation pages share."""

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from evaluation import scoring
from evaluation.forms import plain
from evaluation.models import Indicator, ParkEvaluation
from evaluation.selectors import evaluation_list


def evaluation_or_404(request: HttpRequest, pk: int) -> ParkEvaluation:
    """The evaluation if the user may read it; 404 otherwise, as if it did not exist."""
    return get_object_or_404(evaluation_list(user=request.user), pk=pk)


def benchmark_shown(indicator: Indicator, score: scoring.IndicatorScore | None = None) -> str:
    """The benchmark as shown: the one the score used (frozen at approval), else the
    catalogue's; a qualitative indicator's in words (具备, 是 …)."""
    if indicator.is_qualitative:
        return indicator.benchmark_text
    if score is not None and score.benchmark is not None:
        return plain(score.benchmark)
    return plain(indicator.benchmark)


def messages_of(invalid: ValidationError) -> str:
    return " ".join(str(message) for message in invalid.messages)
