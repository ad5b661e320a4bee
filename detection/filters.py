"""The flags list's filters in the portal: park, waste, month, check, severity, status, the
flags assigned to the reader, and the order."""

from datetime import date

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from detection.kinds import CHECK_INFO
from detection.models import Flag
from monitoring.selectors import waste_category_list
from parks.selectors import park_list


def _parks(request) -> QuerySet:
    return park_list(user=request.user)


class MonthFilter(django_filters.CharFilter):
    """A month typed as YYYY-MM (an <input type="month">): the flags of that period."""

    def filter(self, qs: QuerySet, value: str) -> QuerySet:
        if not value:
            return qs
        try:
            year, month = (int(part) for part in value.split("-"))
            period = date(year, month, 1)
        except ValueError:
            return qs.none()
        return qs.filter(period=period)


class StableOrdering(django_filters.OrderingFilter):
    """The order asked for, then a total one, so that pages never overlap; by default the
    newest and most severe first."""

    def filter(self, qs: QuerySet, value: list[str] | None) -> QuerySet:
        ordering = [self.get_ordering_value(param) for param in value or []]
        return qs.order_by(*ordering, "-period", "-severity", "enterprise__name", "pk")


class FlagListFilter(django_filters.FilterSet):
    park = django_filters.ModelChoiceFilter(
        field_name="enterprise__park",
        to_field_name="code",
        queryset=_parks,
        label=_("Park"),
        empty_label=_("All parks"),
    )
    category = django_filters.ModelChoiceFilter(
        to_field_name="code",
        queryset=waste_category_list(),
        label=_("Waste category"),
        empty_label=_("All wastes"),
    )
    period = MonthFilter(label=_("Month"), widget=forms.TextInput(attrs={"type": "month"}))
    kind = django_filters.ChoiceFilter(
        choices=[(kind, info.name) for kind, info in CHECK_INFO.items()],
        label=_("Check"),
        empty_label=_("All checks"),
    )
    severity = django_filters.ChoiceFilter(
        choices=Flag.Severity.choices, label=_("Severity"), empty_label=_("All severities")
    )
    status = django_filters.ChoiceFilter(
        choices=Flag.Status.choices, label=_("Status"), empty_label=_("All statuses")
    )
    mine = django_filters.BooleanFilter(
        method="filter_mine", label=_("Assigned to me"), widget=forms.CheckboxInput
    )
    sort = StableOrdering(
        fields=(("period", "period"), ("severity", "severity")),
        field_labels={"period": _("Period"), "severity": _("Severity")},
        label=_("Sort by"),
        empty_label=_("Newest and most severe first"),
    )

    class Meta:
        model = Flag
        fields = ["park", "category", "period", "kind", "severity", "status", "mine"]

    def filter_mine(self, qs: QuerySet, name: str, value: bool) -> QuerySet:
        if not value:
            return qs
        return qs.filter(assigned_to=self.request.user)
