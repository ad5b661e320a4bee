from django.contrib import admin
from django.http import HttpRequest

from reports.models import ComplianceReport, RawDownload, ReportBuild, ReportDownload


class ReadOnlyAdmin(admin.ModelAdmin):
    """Issued reports never change (re-issue for a new version), nor does the download log."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(ComplianceReport)
class ComplianceReportAdmin(ReadOnlyAdmin):
    list_display = [
        "period",
        "scope",
        "park",
        "enterprise",
        "span",
        "language",
        "version",
        "cutoff",
        "issued_by",
    ]
    list_filter = ["scope", "span", "language", "park"]
    search_fields = ["enterprise__name", "enterprise__credit_code"]


@admin.register(ReportDownload)
class ReportDownloadAdmin(ReadOnlyAdmin):
    list_display = ["at", "file", "user", "via"]


@admin.register(RawDownload)
class RawDownloadAdmin(ReadOnlyAdmin):
    list_display = ["at", "kind", "period_from", "period_to", "park", "user", "via"]
    list_filter = ["kind", "via"]


@admin.register(ReportBuild)
class ReportBuildAdmin(ReadOnlyAdmin):
    list_display = ["requested_at", "requested_by", "scope", "period", "span", "status", "step"]
    list_filter = ["status", "scope"]
