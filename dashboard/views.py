"""The portal's pages that draw on every app: the landing page (the month at a glance, within
the reader's scope), the filing status of a month's ledgers with the reminder list of those
late or not filed, an enterprise's page, the search every page offers, and the city map's
enterprise layer (their open flags are detection's, which the registry may not read)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.gzip import gzip_page

from dashboard.enterprise_page import enterprise_page
from dashboard.map_layer import map_enterprise_features, map_enterprise_summary
from dashboard.selectors import (
    FILING_STATUSES,
    LATE,
    MISSING,
    OVERDUE,
    dashboard_month,
    dashboard_scope,
    dashboard_summary,
    filing_default_period,
    filing_park,
    filing_status,
)
from indicators.selectors import indicator_month
from monitoring.manifests import manifest_search
from parks.selectors import enterprise_list, enterprise_search, park_list, park_search
from wastewatch.periods import ledger_due
from wastewatch.tabular_write import csv_bytes


@login_required
def home(request: HttpRequest) -> HttpResponse:
    scope = dashboard_scope(user=request.user, park_code=request.GET.get("park"))
    error = ""
    try:
        month = dashboard_month(scope=scope, value=request.GET.get("period"))
    except ValueError as exc:
        error, month = str(exc), dashboard_month(scope=scope, value=None)
    summary = dashboard_summary(user=request.user, scope=scope, month=month)
    return render(request, "dashboard/home.html", {"summary": summary, "error": error})


def _filing(request: HttpRequest):
    """The month, park and status asked for, and the filings they select."""
    error, period = "", filing_default_period(today=timezone.localdate())
    if request.GET.get("period"):
        try:
            period = indicator_month(request.GET["period"])
        except ValueError as exc:
            error = str(exc)
    park = filing_park(user=request.user, park_code=request.GET.get("park"))
    rows = filing_status(user=request.user, period=period, park=park)
    return period, park, rows, error


@login_required
def filing(request: HttpRequest) -> HttpResponse:
    period, park, rows, error = _filing(request)
    status = request.GET.get("status", "")
    counts = {key: sum(row.status == key for row in rows) for key in FILING_STATUSES}
    if status in FILING_STATUSES:
        rows = [row for row in rows if row.status == status]
    elif status == OVERDUE:
        rows = [row for row in rows if row.overdue]
    return render(
        request,
        "dashboard/filing.html",
        {
            "period": period,
            "park": park,
            "parks": park_list(user=request.user).defer("boundary").order_by("code"),
            "rows": rows,
            "status": status,
            "statuses": [(key, label, counts[key]) for key, label in FILING_STATUSES.items()],
            "due": ledger_due(period),
            "error": error,
            "query": request.GET.urlencode(),
        },
    )


@login_required
def filing_reminders(request: HttpRequest) -> HttpResponse:
    """Those late or not filed, as CSV to send reminders from (formula text neutralised)."""
    period, park, rows, _error = _filing(request)
    header = [
        _("Park"),
        _("Enterprise"),
        _("Unified social credit code"),
        _("Month"),
        _("Due"),
        _("Status"),
        _("Filed at"),
    ]
    lines = [
        [
            row.enterprise.park.name,
            row.enterprise.name,
            row.enterprise.credit_code,
            f"{period:%Y-%m}",
            row.due.isoformat(),
            row.status_label,
            "" if row.filed_at is None else f"{timezone.localtime(row.filed_at):%Y-%m-%d %H:%M}",
        ]
        for row in rows
        if row.status in (LATE, MISSING)
    ]
    response = HttpResponse(csv_bytes([header, *lines]), content_type="text/csv; charset=utf-8")
    name = f"ledger-reminders-{period:%Y-%m}{'-' + park.code if park else ''}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def enterprise_detail(request: HttpRequest, credit_code: str) -> HttpResponse:
    """One enterprise as a regulator reads it: identity, ledger, weighings, transfers, uploads,
    economic figures, flags and weighbridges; 404 outside the reader's scope."""
    enterprise = get_object_or_404(enterprise_list(user=request.user), credit_code=credit_code)
    return render(
        request,
        "dashboard/enterprise_detail.html",
        enterprise_page(user=request.user, enterprise=enterprise),
    )


@login_required
def search(request: HttpRequest) -> HttpResponse:
    """Find an enterprise (by any part of its name or the start of its credit code), a park
    or a manifest (by the start of its number), within what the reader may read."""
    text = " ".join(request.GET.get("q", "").split())[:100]
    results = {}
    if text:
        results = {
            "enterprises": enterprise_search(user=request.user, text=text),
            "parks": park_search(user=request.user, text=text),
            "manifests": manifest_search(user=request.user, text=text),
        }
    return render(request, "dashboard/search.html", {"text": text, **results})


@login_required
@gzip_page
def map_enterprises(request: HttpRequest) -> JsonResponse:
    """The map's enterprise layer (GeoJSON), of one park with ?park=CODE. Compressed for the
    browsers that accept it: the city's layer is 600 KB of JSON, a tenth of it gzipped. (It
    holds no secret beside reflected input, so compression cannot leak one, unlike a page
    with a CSRF token.)"""
    return JsonResponse(
        map_enterprise_features(user=request.user, park_code=request.GET.get("park")),
        json_dumps_params={"ensure_ascii": False},
    )


@login_required
def map_enterprise(request: HttpRequest, credit_code: str) -> JsonResponse:
    """What an enterprise's popup on the map fetches when it opens (its last ledger month)."""
    return JsonResponse(map_enterprise_summary(user=request.user, credit_code=credit_code))
