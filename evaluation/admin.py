"""Admin of the green-park evaluation.

The catalogue (editions, groups with their weights, indicators with their benchmarks) is the
configuration staff keep here; figures the reference could not verify are marked so that
nobody mistakes them for checked ones. Evaluations are read-only for everyone: their workflow
and the freezing of approved versions live in the services, which the admin's forms would
bypass (staff act through the API like everybody else).
"""

from django.contrib import admin
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from evaluation import selectors
from evaluation.models import (
    Indicator,
    IndicatorEdition,
    IndicatorGroup,
    IndicatorValue,
    ParkEvaluation,
    Verification,
)
from wastewatch.roles import is_staff_admin


class StaffOnlyAdmin(admin.ModelAdmin):
    """Reference data: staff administrators change it; the others read it through the API."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_staff_admin(request.user)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return is_staff_admin(request.user)

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return is_staff_admin(request.user)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return is_staff_admin(request.user)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return is_staff_admin(request.user)


def _mark(verification: str, label: str) -> str:
    if verification == Verification.VERIFIED:
        return label
    return format_html('<span class="unverified-mark">⚠ {}</span>', label)


class IndicatorGroupInline(admin.TabularInline):
    model = IndicatorGroup
    fields = ["code", "name", "name_en", "weight", "order"]
    extra = 0


@admin.register(IndicatorEdition)
class IndicatorEditionAdmin(StaffOnlyAdmin):
    list_display = ["code", "name", "document", "pass_mark"]
    search_fields = ["code", "name", "document"]
    inlines = [IndicatorGroupInline]


@admin.register(IndicatorGroup)
class IndicatorGroupAdmin(StaffOnlyAdmin):
    list_display = ["code", "name", "name_en", "edition", "weight", "order"]
    list_editable = ["weight"]
    list_filter = ["edition"]


@admin.register(Indicator)
class IndicatorAdmin(StaffOnlyAdmin):
    class Media:
        css = {"all": ["css/admin.css"]}  # the mark's colour: the CSP refuses style= attributes

    list_display = [
        "number",
        "name",
        "group",
        "unit",
        "direction",
        "mandatory",
        "fails_below_benchmark",
        "benchmark",
        "benchmark_text",
        "input",
        "verification_mark",
    ]
    list_display_links = ["number", "name"]
    list_filter = [
        "edition",
        "verification",
        "group__code",
        "mandatory",
        "fails_below_benchmark",
        "direction",
        "input",
    ]
    search_fields = ["name", "name_en", "derivation"]
    ordering = ["edition", "number"]

    @admin.display(description=_("verification"), ordering="verification")
    def verification_mark(self, indicator: Indicator) -> str:
        return _mark(indicator.verification, indicator.get_verification_display())


class IndicatorValueInline(admin.TabularInline):
    model = IndicatorValue
    fields = [
        "indicator",
        "value",
        "met",
        "source",
        "note",
        "evidence_link",
        "updated_by",
        "updated_at",
    ]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    @admin.display(description=_("evidence"))
    def evidence_link(self, value: IndicatorValue) -> str:
        """Through the view that checks who may read it, never the file's storage path."""
        if not value.evidence:
            return "-"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("files:evidence", kwargs={"pk": value.pk}),
            value.evidence.name.rsplit("/", 1)[-1],
        )


@admin.register(ParkEvaluation)
class ParkEvaluationAdmin(admin.ModelAdmin):
    list_display = ["park", "year", "version", "status", "score", "passed", "updated_at"]
    list_filter = ["status", "year", "edition", ("park", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["park__code", "park__name"]
    inlines = [IndicatorValueInline]
    readonly_fields = [
        "park",
        "year",
        "edition",
        "version",
        "status",
        "eligibility",
        "created_by",
        "created_at",
        "submitted_by",
        "submitted_at",
        "reviewed_by",
        "reviewed_at",
        "review_comment",
        "score",
        "passed",
    ]
    fields = readonly_fields

    def get_queryset(self, request: HttpRequest):
        return selectors.evaluation_list(user=request.user)

    def get_actions(self, request: HttpRequest) -> dict:
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # it would not check which versions are approved
        return actions

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return request.user.is_active and request.user.is_staff

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(
        self, request: HttpRequest, obj: ParkEvaluation | None = None
    ) -> bool:
        """Staff may delete a version in progress (e.g. started by mistake), never an
        approved one."""
        if not is_staff_admin(request.user):
            return False
        return obj is None or obj.status != ParkEvaluation.Status.APPROVED
