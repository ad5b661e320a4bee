"""Filters of the registry's lists (django-filter), one FilterSet per resource for both the
portal's pages and the API; in the API bad values answer 400 with the reason."""

from collections.abc import Callable, Sequence
from functools import reduce
from operator import or_

import django_filters
from django import forms
from django.contrib.gis.geos import Polygon
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from parks.geo import bbox_polygon
from parks.models import Enterprise, Park
from parks.selectors import park_list
from parks.validators import industry_code_normalize


class BBoxField(forms.CharField):
    def clean(self, value: str | None) -> Polygon | None:
        value = super().clean(value)
        return bbox_polygon(value) if value else None


class BBoxFilter(django_filters.Filter):
    """?bbox=min_lon,min_lat,max_lon,max_lat (WGS84): features intersecting the box."""

    field_class = BBoxField

    def filter(self, qs: QuerySet, value: Polygon | None) -> QuerySet:
        if value is None:
            return qs
        return qs.filter(**{f"{self.field_name}__intersects": value})


class ParkFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_q",
        label=_("Search"),
        help_text=_("A part of the park's name (Chinese or English) or code."),
    )
    industry = django_filters.CharFilter(
        method="filter_industry",
        label=_("Industry (GB/T 4754)"),
        help_text=_("Parks with an enterprise of this industry code or prefix, e.g. 31."),
    )
    level = django_filters.ChoiceFilter(
        choices=Park.Level.choices, label=_("Level"), empty_label=_("All levels")
    )
    district = django_filters.CharFilter(label=_("District"))
    bbox = BBoxFilter(field_name="boundary", help_text="min_lon,min_lat,max_lon,max_lat")

    class Meta:
        model = Park
        fields = ["q", "industry", "level", "district"]

    def filter_q(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        text = " ".join(value.split())
        return qs.filter(
            Q(name__icontains=text) | Q(name_en__icontains=text) | Q(code__icontains=text)
        )

    def filter_industry(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        prefix = industry_code_normalize(value)
        industry = Enterprise.objects.filter(industry_code__startswith=prefix)
        return qs.filter(pk__in=industry.values("park_id"))


class EnterpriseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_q",
        label=_("Search"),
        help_text=_("A part of the name or of the credit code."),
    )
    park = django_filters.CharFilter(field_name="park__code", help_text="Park code.")
    industry = django_filters.CharFilter(
        method="filter_industry",
        label=_("Industry (GB/T 4754)"),
        help_text=_("An industry code or its prefix, e.g. 31 or 3120."),
    )
    bbox = BBoxFilter(field_name="location", help_text="min_lon,min_lat,max_lon,max_lat")

    class Meta:
        model = Enterprise
        fields = [
            "park",
            "industry",
            "is_key_unit",
            "hazardous_waste_tier",
            "outside_park_boundary",
        ]

    def filter_industry(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        return qs.filter(industry_code__startswith=industry_code_normalize(value))

    def filter_q(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        return qs.filter(Q(name__icontains=value) | Q(credit_code__icontains=value))


def readable_parks(request) -> QuerySet[Park]:
    """The parks a list may be filtered by: those the reader may read (none without a
    request, as when a service filters on its own)."""
    if request is None:
        return Park.objects.none()
    return park_list(user=request.user).defer("boundary").order_by("code")


class ParkChoiceField(forms.ModelChoiceField):
    """Parks named in the reader's language (Park.display_name), not by their official name
    (__str__)."""

    def label_from_instance(self, obj: Park) -> str:
        return obj.display_name


@extend_schema_field(OpenApiTypes.STR)
class ParkCodeFilter(django_filters.ModelChoiceFilter):
    """?park=<code>, one of the parks the reader may read (a select in the portal): the rows
    whose enterprise at any of `paths` is in it, or `by(queryset, park)`."""

    field_class = ParkChoiceField

    def __init__(
        self,
        *args,
        paths: Sequence[str] = ("enterprise__park",),
        by: Callable[[QuerySet, Park], QuerySet] | None = None,
        **kwargs,
    ) -> None:
        kwargs.setdefault("to_field_name", "code")
        kwargs.setdefault("queryset", readable_parks)
        kwargs.setdefault("label", _("Park"))
        kwargs.setdefault("empty_label", _("All parks"))
        kwargs.setdefault("help_text", _("Park code."))
        super().__init__(*args, **kwargs)
        self.paths, self.by = tuple(paths), by

    def filter(self, qs: QuerySet, value: Park | None) -> QuerySet:
        if value is None:
            return qs
        if self.by is not None:
            return self.by(qs, value)
        return qs.filter(reduce(or_, (Q(**{path: value}) for path in self.paths)))
