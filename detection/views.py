"""Portal pages for flags: the regulator's queue, a flag with its reasons, the review."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from detection.models import Flag
from detection.reasons import reason_text
from detection.selectors import flag_list
from detection.services import flag_can_review, flag_review


class FlagReviewForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Decision"),
        choices=[
            (Flag.Status.CONFIRMED, gettext_lazy("Confirm: an anomaly to act on")),
            (Flag.Status.DISMISSED, gettext_lazy("Dismiss: explained, nothing to act on")),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=gettext_lazy("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


@login_required
def flag_list_view(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", Flag.Status.OPEN)
    flags = flag_list(user=request.user)
    if status in Flag.Status.values:
        flags = flags.filter(status=status)
    rows = [(flag, [reason_text(reason) for reason in flag.reasons]) for flag in flags[:300]]
    return render(
        request,
        "detection/flag_list.html",
        {
            "rows": rows,
            "status": status,
            "statuses": Flag.Status.choices,
        },
    )


@login_required
def flag_detail(request: HttpRequest, pk: int) -> HttpResponse:
    flag = get_object_or_404(flag_list(user=request.user).prefetch_related("reviews"), pk=pk)
    return render(
        request,
        "detection/flag_detail.html",
        {
            "flag": flag,
            "reasons": [reason_text(reason) for reason in flag.reasons],
            "form": FlagReviewForm()
            if flag_can_review(user=request.user) and flag.status != Flag.Status.CLEARED
            else None,
        },
    )


@login_required
@require_POST
def flag_review_view(request: HttpRequest, pk: int) -> HttpResponse:
    flag = get_object_or_404(flag_list(user=request.user), pk=pk)
    form = FlagReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a decision."))
        return redirect("detection:flag-detail", pk=pk)
    try:
        flag_review(actor=request.user, flag=flag, **form.cleaned_data)
    except PermissionDenied:
        raise
    except ValidationError as invalid:
        messages.error(request, " ".join(invalid.messages))
    else:
        messages.success(request, _("Review saved."))
    return redirect("detection:flag-detail", pk=pk)
