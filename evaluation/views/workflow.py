"""The workflow's steps: submit, approve, return, revise. Each is a POST that redirects back
with a message; a rule that is not met (wrong state, frozen, missing comment) is a message on
the page."""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from evaluation import services
from evaluation.forms import CommentForm
from evaluation.models import ParkEvaluation
from evaluation.views.common import evaluation_or_404, messages_of


def _act(
    request: HttpRequest,
    pk: int,
    action: Callable[[ParkEvaluation], ParkEvaluation],
    done: Callable[[ParkEvaluation], str],
) -> HttpResponse:
    """Run a workflow step on the evaluation and go back to it (or to the version it made)."""
    evaluation = evaluation_or_404(request, pk)
    try:
        result = action(evaluation)
    except ValidationError as invalid:
        messages.error(request, messages_of(invalid))
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
