"""Saving an evaluation's form, and deriving its indicators from the ledgers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from evaluation import services
from evaluation.selectors import evaluation_can_enter
from evaluation.views.common import evaluation_or_404, messages_of
from evaluation.views.evaluations import (
    evaluation_indicators,
    evaluation_values,
    render_detail,
    values_form,
)


@login_required
@require_POST
def evaluation_save(request: HttpRequest, pk: int) -> HttpResponse:
    """Save every changed value, requirement and evidence file at once, or nothing: a refused
    value shows its reason next to its row, with what was typed kept in the form."""
    evaluation = evaluation_or_404(request, pk)
    form = values_form(
        evaluation,
        evaluation_indicators(evaluation),
        evaluation_values(evaluation),
        data=request.POST,
        files=request.FILES,
    )
    if form.is_valid():
        try:
            services.evaluation_form_save(
                actor=request.user,
                evaluation=evaluation,
                values=form.value_items(),
                eligibility=form.eligibility_items(),
                evidence=form.evidence_files(),
            )
        except services.ValuesRejected as rejected:
            by_number = {indicator.number: indicator for indicator in form.indicators}
            for item in rejected.items:
                indicator = by_number.get(item["indicator"])
                form.add_error(form.main_field(indicator) if indicator else None, item["reason"])
            messages.error(request, messages_of(rejected))
            return render_detail(request, evaluation, form=form)
        except services.EvidenceRejected as rejected:
            form.add_error(f"evidence_{rejected.indicator}", rejected.messages)
        except ValidationError as invalid:  # the evaluation's state: frozen, submitted
            messages.error(request, messages_of(invalid))
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
    return render_detail(request, evaluation, form=form)


@login_required
@require_POST
def evaluation_derive_view(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = evaluation_or_404(request, pk)
    try:
        derived = services.evaluation_derive(actor=request.user, evaluation=evaluation)
    except ValidationError as invalid:
        messages.error(request, messages_of(invalid))
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
