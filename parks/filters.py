"""Query filters of the registry API (django-filter); bad values answer 400 with the reason."""

import django_filters
from django import forms
from django.contrib.gis.geos import Polygon
from django.db.models import Q, QuerySet

from parks.geo import bbox_polygon
from parks.models import Enterprise, Park
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
    level = django_filters.ChoiceFilter(choices=Park.Level.choices)
    bbox = BBoxFilter(field_name="boundary", help_text="min_lon,min_lat,max_lon,max_lat")

    class Meta:
        model = Park
        fields = ["level", "district"]


class EnterpriseFilter(django_filters.FilterSet):
    park = django_filters.CharFilter(field_name="park__code", help_text="Park code.")
    industry = django_filters.CharFilter(
        method="filter_industry", help_text="GB/T 4754 code or prefix, e.g. 31 or 3120."
    )
    bbox = BBoxFilter(field_name="location", help_text="min_lon,min_lat,max_lon,max_lat")
    q = django_filters.CharFilter(method="filter_q", help_text="Name or credit code contains.")

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
