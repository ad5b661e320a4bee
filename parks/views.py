"""Portal pages of the registry: the city map, the park list and a park's page."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from parks import selectors


@login_required
def city_map(request: HttpRequest) -> HttpResponse:
    return render(request, "parks/city_map.html")


@login_required
def park_list(request: HttpRequest) -> HttpResponse:
    parks = (
        selectors.park_list(user=request.user)
        .defer("boundary")
        .annotate(enterprise_count=Count("enterprises"))
        .order_by("code")
    )
    return render(request, "parks/park_list.html", {"parks": parks})


@login_required
def park_detail(request: HttpRequest, code: str) -> HttpResponse:
    park = get_object_or_404(selectors.park_list(user=request.user), code=code)
    enterprises = selectors.enterprise_list(user=request.user).filter(park=park)
    return render(
        request,
        "parks/park_detail.html",
        {
            "park": park,
            "enterprises": enterprises,
            "can_change": selectors.park_can_change(user=request.user, park=park),
        },
    )
