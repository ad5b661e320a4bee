from django.contrib import admin

from reports.models import ComplianceReport, ReportDownload


@admin.register(ComplianceReport)
class ComplianceReportAdmin(admin.ModelAdmin):
    """Read-only: an issued report never changes (re-issue for a new version)."""

    list_display = ["period", "scope", "park", "language", "version", "cutoff", "issued_by"]
    list_filter = ["scope", "language", "park"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ReportDownload)
class ReportDownloadAdmin(admin.ModelAdmin):
    list_display = ["at", "file", "user", "via"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
