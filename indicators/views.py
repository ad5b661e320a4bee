"""The indicator dashboard: month, year to date and year side by side, targets and progress,
and the enterprises whose figures do not satisfy the statistical identity."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from indicators.selectors import indicator_month_shown, indicator_scope, indicator_year
from indicators.services import city_indicators_shown
from parks.selectors import park_enterprise_ids, park_list
from wastewatch.roles import reads_whole_city


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    parks = park_list(user=request.user).defer("boundary").order_by("code")
    park_code = request.GET.get("park")
    if not park_code and not reads_whole_city(request.user):
        first = parks.first()
        if first is None:
            raise PermissionDenied
        return redirect(f"{request.path}?park={first.code}")
    park = indicator_scope(user=request.user, park_code=park_code)
    enterprise_ids = None if park is None else park_enterprise_ids(park=park)
    error = ""
    try:
        month = indicator_month_shown(request.GET.get("period"), enterprise_ids=enterprise_ids)
        year = indicator_year(request.GET.get("year"), month=month)
    except ValueError as exc:
        error, month = str(exc), indicator_month_shown(None, enterprise_ids=enterprise_ids)
        year = indicator_year(None, month=month)
    report = city_indicators_shown(park=park, month=month, year=year)
    return render(
        request,
        "indicators/dashboard.html",
        {
            "report": report,
            "parks": parks,
            "city": reads_whole_city(request.user),
            "error": error,
        },
    )
