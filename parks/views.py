"""Portal pages of the registry: the city map, the park list and a park's page."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from parks import selectors
from parks.filters import EnterpriseFilter, ParkFilter
from wastewatch.paging import list_page

PAGE_SIZE = 50


@login_required
def city_map(request: HttpRequest) -> HttpResponse:
    return render(request, "parks/city_map.html")


@login_required
def park_list(request: HttpRequest) -> HttpResponse:
    """The parks the reader may read, searched and filtered as the API's park list is."""
    parks = (
        selectors.park_list(user=request.user)
        .defer("boundary")
        .annotate(enterprise_count=Count("enterprises"))
        .order_by("code")
    )
    filters = ParkFilter(request.GET, queryset=parks, request=request)
    page, query = list_page(request, filters.qs, PAGE_SIZE)
    return render(
        request, "parks/park_list.html", {"filters": filters, "page": page, "query": query}
    )


@login_required
def park_detail(request: HttpRequest, code: str) -> HttpResponse:
    park = get_object_or_404(selectors.park_list(user=request.user), code=code)
    enterprises = selectors.enterprise_list(user=request.user).filter(park=park)
    enterprises = enterprises.order_by("name", "pk")
    filters = EnterpriseFilter(request.GET, queryset=enterprises, request=request)
    page, query = list_page(request, filters.qs, PAGE_SIZE)
    return render(
        request,
        "parks/park_detail.html",
        {
            "park": park,
            "filters": filters,
            "page": page,
            "query": query,
            "can_change": selectors.park_can_change(user=request.user, park=park),
        },
    )
