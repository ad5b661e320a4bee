"""The flags list's filters, in the portal and the API alike: park, enterprise, waste, month,
check, severity, status, the flags assigned to the reader, and the order."""

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from detection.kinds import CHECK_INFO
from detection.models import Flag
from monitoring.selectors import waste_category_list
from parks.filters import ParkCodeFilter
from parks.selectors import enterprise_named
from wastewatch.filters import MonthFilter, StableOrdering


class FlagListFilter(django_filters.FilterSet):
    park = ParkCodeFilter()
    enterprise = django_filters.CharFilter(
        method="filter_enterprise",
        label=_("Enterprise"),
        help_text=_("A part of its name or the start of its credit code."),
    )
    category = django_filters.ModelChoiceFilter(
        to_field_name="code",
        queryset=waste_category_list(),
        label=_("Waste category"),
        empty_label=_("All wastes"),
    )
    period = MonthFilter(label=_("Month"))
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
        then=("-period", "-severity", "enterprise__name", "pk"),
    )

    class Meta:
        model = Flag
        fields = ["park", "enterprise", "category", "period", "kind", "severity", "status", "mine"]

    def filter_enterprise(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        return qs.filter(enterprise_named(value, via="enterprise__"))

    def filter_mine(self, qs: QuerySet, name: str, value: bool) -> QuerySet:
        if not value:
            return qs
        return qs.filter(assigned_to=self.request.user)
