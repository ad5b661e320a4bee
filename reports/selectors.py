"""Reads of issued reports, scoped like the data: the regulator and staff read every report;
an operator the reports of the parks it operates and the declarations of their enterprises; an
enterprise user its own enterprise's declarations only; nobody else any."""

from django.db.models import Q, QuerySet

from parks.selectors import enterprise_list, parks_operated
from reports.models import ComplianceReport, ReportBuild
from wastewatch.roles import User, reads_whole_city


def report_list(*, user: User) -> QuerySet[ComplianceReport]:
    reports = ComplianceReport.objects.select_related(
        "park", "enterprise", "enterprise__park", "issued_by"
    ).prefetch_related("files")
    if reads_whole_city(user):
        return reports
    if not user.is_authenticated:
        return reports.none()
    return reports.filter(
        Q(park__in=parks_operated(user=user))
        | Q(enterprise__in=enterprise_list(user=user).values("pk"))
    )


def report_build_list(*, user: User) -> QuerySet[ReportBuild]:
    """The reports a user asked for in the portal (a build is its asker's alone)."""
    return ReportBuild.objects.filter(requested_by=user.pk).select_related("report")
