"""Portal pages for devices: the monitoring points a user may see (filtered as the API's
list is), their keys and activity."""

from datetime import timedelta

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from monitoring import selectors, services
from monitoring.filters import MonitoringPointFilter
from monitoring.models import MonitoringPoint
from parks.selectors import enterprise_list_reportable, parks_operated
from wastewatch.paging import list_page

PAGE_SIZE = 50
RECENT_DAYS = 30


class MonitoringPointForm(forms.Form):
    enterprise = forms.ModelChoiceField(queryset=None, label=gettext_lazy("Enterprise"))
    code = forms.SlugField(max_length=40, label=gettext_lazy("Code"))
    name = forms.CharField(max_length=200, required=False, label=gettext_lazy("Name"))
    kind = forms.ChoiceField(choices=MonitoringPoint.Kind.choices, label=gettext_lazy("Kind"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprise_list_reportable(user=user).filter(
            park__in=parks_operated(user=user)
        )


@login_required
def monitoring_point_list(request: HttpRequest) -> HttpResponse:
    points = selectors.monitoring_point_activity_list(
        user=request.user, since=timezone.now() - timedelta(days=RECENT_DAYS)
    )
    filters = MonitoringPointFilter(request.GET, queryset=points, request=request)
    page, query = list_page(request, filters.qs, PAGE_SIZE)
    form = MonitoringPointForm(request.POST or None, user=request.user, auto_id="register-%s")
    if request.method == "POST" and form.is_valid():
        try:
            services.monitoring_point_create(actor=request.user, **form.cleaned_data)
        except (PermissionDenied, ValidationError) as refused:
            form.add_error(None, " ".join(getattr(refused, "messages", [str(refused)])))
        else:
            messages.success(request, _("Monitoring point registered: issue its key below."))
            return redirect("monitoring:device-list")
    return render(
        request,
        "monitoring/device_list.html",
        {
            "filters": filters,
            "page": page,
            "query": query,
            "form": form if form.fields["enterprise"].queryset.exists() else None,
        },
    )


@login_required
@require_POST
@never_cache  # the key must not stay in a browser's or proxy's cache
def device_key_rotate(request: HttpRequest, pk: int) -> HttpResponse:
    """Shows the new key once, on this page only (never in a message or a URL)."""
    point = get_object_or_404(selectors.monitoring_point_list(user=request.user), pk=pk)
    key = services.device_key_issue(actor=request.user, point=point)
    return render(request, "monitoring/device_key.html", {"point": point, "key": key})


@login_required
@require_POST
def device_key_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    point = get_object_or_404(selectors.monitoring_point_list(user=request.user), pk=pk)
    services.device_key_revoke(actor=request.user, point=point)
    messages.success(request, _("The key of %(point)s was revoked.") % {"point": point.code})
    return redirect("monitoring:device-list")
