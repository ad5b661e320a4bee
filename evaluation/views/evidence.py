"""An indicator value's evidence file, for the readers of its evaluation."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from evaluation.models import IndicatorValue
from evaluation.selectors import evaluation_list
from wastewatch.files import protected_file_response


@login_required
def evidence_file(request: HttpRequest, pk: int) -> HttpResponse:
    """An indicator value's evidence, for the readers of its evaluation."""
    value = get_object_or_404(
        IndicatorValue.objects.filter(evaluation__in=evaluation_list(user=request.user)), pk=pk
    )
    return protected_file_response(value.evidence)
