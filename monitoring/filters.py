"""Filters of the device and ledger-upload lists, one FilterSet per resource for both the
portal's page and the API (manifests have theirs in monitoring.manifests)."""

from datetime import date

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from monitoring.models import LedgerEntry, MonitoringPoint, UploadBatch
from monitoring.selectors import points_silent
from parks.filters import ParkCodeFilter
from parks.models import Park
from parks.selectors import enterprise_named
from wastewatch.filters import MonthFilter, StableOrdering


def _silent(points: QuerySet, period: date) -> QuerySet:
    return points_silent(points, period=period)


class MonitoringPointFilter(django_filters.FilterSet):
    park = ParkCodeFilter()
    enterprise = django_filters.CharFilter(
        method="filter_enterprise",
        label=_("Enterprise"),
        help_text=_("A part of its name or the start of its credit code."),
    )
    kind = django_filters.ChoiceFilter(
        choices=MonitoringPoint.Kind.choices, label=_("Kind"), empty_label=_("All kinds")
    )
    silent = MonthFilter(
        by=_silent,
        label=_("Silent in month"),
        help_text=_("Weighbridges that recorded no weigh ticket in this month (YYYY-MM)."),
    )
    sort = StableOrdering(
        fields=(
            ("enterprise__name", "enterprise"),
            ("code", "code"),
            ("last_ticket", "last_ticket"),
        ),
        field_labels={
            "enterprise": _("Enterprise"),
            "code": _("Code"),
            "last_ticket": _("Last weighing"),
        },
        label=_("Sort by"),
        empty_label=_("Enterprise and code"),
        then=("enterprise__name", "code", "pk"),
    )

    class Meta:
        model = MonitoringPoint
        fields = ["park", "enterprise", "kind", "silent"]

    def filter_enterprise(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        return qs.filter(enterprise_named(value, via="enterprise__"))


def _batches_of_park(batches: QuerySet, park: Park) -> QuerySet:
    entries = LedgerEntry.objects.filter(enterprise__park=park)
    return batches.filter(pk__in=entries.values("batch_id"))


def _batches_of_month(batches: QuerySet, period: date) -> QuerySet:
    return batches.filter(pk__in=LedgerEntry.objects.filter(period=period).values("batch_id"))


class UploadBatchFilter(django_filters.FilterSet):
    """An upload is of a park and of a month through the figures it holds (a rejected file
    holds none, and is found by its status)."""

    park = ParkCodeFilter(
        by=_batches_of_park, help_text=_("Park code: uploads holding figures of its enterprises.")
    )
    status = django_filters.ChoiceFilter(
        choices=UploadBatch.Status.choices, label=_("Status"), empty_label=_("All statuses")
    )
    period = MonthFilter(
        by=_batches_of_month,
        label=_("Month"),
        help_text=_("Uploads holding figures of this month (YYYY-MM)."),
    )

    class Meta:
        model = UploadBatch
        fields = ["park", "status", "period"]
