"""Portal pages for reports: the list (filtered by scope and span; download each format), and
issuing a month's report or an enterprise's declaration on demand (regulator and staff)."""

from datetime import date

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from parks.filters import ParkChoiceField
from parks.models import Enterprise, Park
from reports.models import ComplianceReport, ReportBuild
from reports.selectors import report_build_list, report_list
from reports.services import report_build_request, report_can_issue, report_file_downloaded
from wastewatch.files import protected_file_response


class ReportIssueForm(forms.Form):
    period = forms.CharField(
        label=gettext_lazy("Month"),
        widget=forms.TextInput(attrs={"type": "month"}),
        help_text=gettext_lazy("YYYY-MM"),
    )
    park = ParkChoiceField(
        label=gettext_lazy("Scope"),
        queryset=Park.objects.order_by("code"),
        required=False,
        empty_label=gettext_lazy("The city"),
        to_field_name="code",
    )
    enterprise = forms.ModelChoiceField(
        label=gettext_lazy("Declaration of"),
        queryset=Enterprise.objects.filter(park__isnull=False).order_by("name"),
        required=False,
        empty_label=gettext_lazy("No declaration: the report of the scope"),
        to_field_name="credit_code",
    )
    span = forms.ChoiceField(
        label=gettext_lazy("Span"),
        choices=ComplianceReport.Span.choices,
        initial=ComplianceReport.Span.MONTH,
        required=False,
        help_text=gettext_lazy("A declaration's: the month, quarter or year holding the month."),
    )
    language = forms.ChoiceField(
        label=gettext_lazy("Language"), choices=ComplianceReport.Language.choices
    )

    def clean_period(self) -> date:
        value = self.cleaned_data["period"]
        try:
            return date.fromisoformat(f"{value}-01")
        except ValueError:
            raise forms.ValidationError(_("Give the month as YYYY-MM.")) from None

    def clean(self) -> dict:
        data = super().clean()
        data["span"] = data.get("span") or ComplianceReport.Span.MONTH
        if data.get("enterprise") is not None and data.get("park") is not None:
            self.add_error("park", _("A declaration is an enterprise's: leave the park empty."))
        elif data.get("enterprise") is None and data["span"] != ComplianceReport.Span.MONTH:
            self.add_error("span", _("Only a declaration spans a quarter or a year."))
        return data


@login_required
def report_list_view(request: HttpRequest) -> HttpResponse:
    reports = report_list(user=request.user)
    park = request.GET.get("park")
    if park:
        reports = reports.filter(park__code=park)
    for field in ("scope", "span"):  # the list's filters (unknown values match nothing)
        if request.GET.get(field):
            reports = reports.filter(**{field: request.GET[field]})
    return render(
        request,
        "reports/report_list.html",
        {
            "reports": reports[:300],
            "form": ReportIssueForm() if report_can_issue(user=request.user) else None,
            "scopes": ComplianceReport.Scope.choices,
            "spans": ComplianceReport.Span.choices,
        },
    )


@login_required
@require_POST
def report_issue_view(request: HttpRequest) -> HttpResponse:
    if not report_can_issue(user=request.user):
        raise PermissionDenied
    form = ReportIssueForm(request.POST)
    if not form.is_valid():
        reports = report_list(user=request.user)[:300]
        context = {"reports": reports, "form": form}
        return render(request, "reports/report_list.html", context, status=400)
    build = report_build_request(
        actor=request.user,
        park=form.cleaned_data["park"],
        enterprise=form.cleaned_data["enterprise"],
        span=form.cleaned_data["span"],
        period=form.cleaned_data["period"],
        language=form.cleaned_data["language"],
    )
    return redirect("reports:report-build", pk=build.pk)


@login_required
def report_build_view(request: HttpRequest, pk: int) -> HttpResponse:
    """A report asked for here, while it is built and once it is (its own asker's only)."""
    build = get_object_or_404(report_build_list(user=request.user), pk=pk)
    return render(request, "reports/report_build.html", {"build": build})


@login_required
def report_build_status_view(request: HttpRequest, pk: int) -> JsonResponse:
    """The build's progress, polled by its page."""
    build = get_object_or_404(report_build_list(user=request.user), pk=pk)
    return JsonResponse(
        {
            "status": build.status,
            "status_display": build.get_status_display(),
            "step": build.step,
            "step_display": build.get_step_display() if build.step else "",
            "percent": build.percent,
            "finished": build.status in (ReportBuild.Status.DONE, ReportBuild.Status.FAILED),
        },
        headers={"Cache-Control": "no-store"},
    )


@login_required
def report_file_view(request: HttpRequest, pk: int, file_format: str) -> HttpResponse:
    report = get_object_or_404(report_list(user=request.user), pk=pk)
    stored = report.files.filter(format=file_format).first()
    if stored is None:
        raise Http404
    report_file_downloaded(file=stored, user=request.user, via="portal")
    return protected_file_response(stored.file)
