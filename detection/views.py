"""Portal pages for flags: the regulator's queue, a flag with its evidence and reasons, the
review (in place with htmx, or a plain POST and redirect) and the assignment."""

from datetime import datetime, time
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from detection.filters import FlagListFilter
from detection.kinds import check_info
from detection.models import Flag
from detection.reasons import reason_figures, reason_text
from detection.selectors import FlagEvidence, flag_evidence, flag_list
from detection.services import flag_assign, flag_can_review, flag_review
from wastewatch.numbers import TONNES, unit_name
from wastewatch.periods import month_add
from wastewatch.roles import city_readers

PAGE_SIZE = 50


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


class FlagAssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        label=gettext_lazy("Assigned to"),
        queryset=city_readers(),
        required=False,
        empty_label=gettext_lazy("Nobody"),
    )
    due_date = forms.DateField(
        label=gettext_lazy("Due date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


@login_required
def flag_list_view(request: HttpRequest) -> HttpResponse:
    data = request.GET.copy()
    data.setdefault("status", Flag.Status.OPEN)  # the queue: open flags unless asked otherwise
    filters = FlagListFilter(data, queryset=flag_list(user=request.user), request=request)
    page = Paginator(filters.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        (flag, check_info(flag.kind), [reason_text(reason) for reason in flag.reasons])
        for flag in page
    ]
    data.pop("page", None)
    return render(
        request,
        "detection/flag_list.html",
        {"filters": filters, "page": page, "rows": rows, "query": data.urlencode()},
    )


@login_required
def flag_detail(request: HttpRequest, pk: int) -> HttpResponse:
    flag = get_object_or_404(flag_list(user=request.user), pk=pk)
    evidence = flag_evidence(flag=flag)
    can_review = flag_can_review(user=request.user)
    return render(
        request,
        "detection/flag_detail.html",
        {
            **_review_context(request, flag),
            "check": check_info(flag.kind),
            "reasons": [(reason_text(r), reason_figures(r)) for r in flag.reasons],
            "evidence": evidence,
            "chart": _chart(flag, evidence),
            "links": _links(flag, evidence),
            "assign_form": FlagAssignForm(
                initial={"assignee": flag.assigned_to_id, "due_date": flag.due_date}
            )
            if can_review
            else None,
        },
    )


@login_required
@require_POST
def flag_review_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm or dismiss. With htmx (HX-Request) the answer is the review's part of the page,
    re-rendered, to swap in place; without JavaScript, a redirect to the flag's page."""
    flag = get_object_or_404(flag_list(user=request.user), pk=pk)
    in_place = request.headers.get("HX-Request") == "true"
    form = FlagReviewForm(request.POST)
    error = None
    if not form.is_valid():
        error = _("Choose a decision.")
    else:
        try:
            flag = flag_review(actor=request.user, flag=flag, **form.cleaned_data)
        except ValidationError as invalid:
            error = " ".join(invalid.messages)
    if in_place:
        flag = get_object_or_404(flag_list(user=request.user), pk=pk)
        return render(
            request,
            "detection/_flag_review.html",
            _review_context(request, flag, form=form if error else None, error=error),
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Review saved."))
    return redirect("detection:flag-detail", pk=pk)


@login_required
@require_POST
def flag_assign_view(request: HttpRequest, pk: int) -> HttpResponse:
    flag = get_object_or_404(flag_list(user=request.user), pk=pk)
    form = FlagAssignForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("detection:flag-detail", pk=pk)
    try:
        flag_assign(
            actor=request.user,
            flag=flag,
            assignee=form.cleaned_data["assignee"],
            due_date=form.cleaned_data["due_date"],
        )
    except ValidationError as invalid:
        messages.error(request, " ".join(invalid.messages))
    else:
        messages.success(request, _("Assignment saved."))
    return redirect("detection:flag-detail", pk=pk)


def _review_context(
    request: HttpRequest,
    flag: Flag,
    *,
    form: FlagReviewForm | None = None,
    error: str | None = None,
) -> dict:
    """What the review's part of the page shows: the state, the history, the form."""
    reviewable = flag_can_review(user=request.user) and flag.status != Flag.Status.CLEARED
    return {
        "flag": flag,
        "reviews": flag.reviews.select_related("reviewer"),
        "form": (form or FlagReviewForm()) if reviewable else None,
        "error": error,
        "saved": form is None and error is None and request.method == "POST",
    }


def _month(period) -> str:
    return period.strftime("%Y-%m")


def _chart(flag: Flag, evidence: FlagEvidence) -> dict:
    """The evidence's series for static/js/charts.js, the flagged month marked."""
    series = [
        (_("Generated"), "generated"),
        (_("Transferred out"), "transferred_out"),
    ]
    if evidence.weighing:
        series.append((_("Weighed going out"), "weighed_out"))
    if evidence.counterparty:
        series.append((_("Received, as the receivers report"), "counterparty_received"))
    return {
        "kind": "line",
        "unit": unit_name(TONNES),
        "categories": [_month(month.period) for month in evidence.months],
        "series": [
            {"name": name, "values": [getattr(month, field) for month in evidence.months]}
            for name, field in series
        ],
        "mark": _month(flag.period),
    }


def _links(flag: Flag, evidence: FlagEvidence) -> dict:
    """The records behind the flag: its ledger lines and, for weighing checks, the
    weighbridge's tickets of the month (API lists, filtered)."""
    ledger = (
        reverse("v1:ledger-entry-list")
        + "?"
        + urlencode(
            {
                "enterprise": flag.enterprise.credit_code,
                "category": flag.category.code,
                "period": flag.period.isoformat(),
            }
        )
    )
    tickets = None
    if evidence.weighing:
        zone = timezone.get_default_timezone()
        start = datetime.combine(flag.period, time.min, tzinfo=zone)
        end = datetime.combine(month_add(flag.period, 1), time.min, tzinfo=zone)
        tickets = (
            reverse("v1:weigh-ticket-list")
            + "?"
            + urlencode(
                {
                    "enterprise": flag.enterprise.credit_code,
                    "category": flag.category.code,
                    "direction": "out",
                    "weighed_after": start.isoformat(),
                    "weighed_before": end.isoformat(),
                }
            )
        )
    return {"ledger": ledger, "tickets": tickets}
