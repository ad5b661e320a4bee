"""Admin of the registry: scoped like the API (an operator sees only their parks), with
history, and map widgets that need no internet."""

from django.contrib import admin
from django.contrib.gis.admin import GISModelAdmin
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from parks import selectors, services
from parks.models import EconomicFigure, Enterprise, EnterpriseMembership, Park, ParkMembership
from wastewatch.roles import is_staff_admin
from wastewatch.widgets import OfflineMapWidget


class RegistryAdmin(SimpleHistoryAdmin, GISModelAdmin):
    gis_widget = OfflineMapWidget

    def _visible_or_404(self, request: HttpRequest, object_id: str) -> None:
        # simple_history's views read the model's manager, not get_queryset(): scope them.
        if not self.get_queryset(request).filter(pk=object_id).exists():
            raise Http404

    def history_view(self, request, object_id, extra_context=None):
        self._visible_or_404(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._visible_or_404(request, object_id)
        return super().history_form_view(request, object_id, version_id, extra_context)


@admin.register(Park)
class ParkAdmin(RegistryAdmin):
    list_display = ["code", "name", "name_en", "level", "district"]
    list_filter = ["level"]
    search_fields = ["code", "name", "name_en"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Park]:
        return selectors.park_list(user=request.user)

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else ["code"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return is_staff_admin(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Park | None = None) -> bool:
        if obj is None:
            return super().has_change_permission(request)
        return selectors.park_can_change(user=request.user, park=obj)

    def has_delete_permission(self, request: HttpRequest, obj: Park | None = None) -> bool:
        return is_staff_admin(request.user)

    def save_model(self, request, obj: Park, form, change: bool) -> None:
        data = {field: form.cleaned_data[field] for field in form.changed_data}
        if change:
            services.park_update(actor=request.user, park=obj, data=data)
        else:
            fields = {
                f: form.cleaned_data[f] for f in services.PARK_FIELDS if f in form.cleaned_data
            }
            fields.pop("boundary", None)
            created = services.park_create(
                actor=request.user, code=obj.code, boundary=obj.boundary, **fields
            )
            obj.pk = created.pk


@admin.register(Enterprise)
class EnterpriseAdmin(RegistryAdmin):
    list_display = [
        "name",
        "credit_code",
        "industry_code",
        "park",
        "is_key_unit",
        "hazardous_waste_tier",
        "outside_park_boundary",
    ]
    # Only the parks of the enterprises the user sees, not every park's name.
    list_filter = [
        ("park", admin.RelatedOnlyFieldListFilter),
        "is_key_unit",
        "hazardous_waste_tier",
        "outside_park_boundary",
    ]
    search_fields = ["name", "credit_code"]
    readonly_fields = ["outside_park_boundary"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Enterprise]:
        return selectors.enterprise_list(user=request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "park":
            kwargs["queryset"] = selectors.parks_operated(user=request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields + ([] if obj is None else ["credit_code"])

    def has_change_permission(self, request: HttpRequest, obj: Enterprise | None = None) -> bool:
        if obj is None:
            return super().has_change_permission(request)
        return selectors.enterprise_can_change(user=request.user, enterprise=obj)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return is_staff_admin(request.user)

    def save_model(self, request, obj: Enterprise, form, change: bool) -> None:
        if change:
            data = {field: form.cleaned_data[field] for field in form.changed_data}
            services.enterprise_update(actor=request.user, enterprise=obj, data=data)
        else:
            fields = {
                f: form.cleaned_data[f]
                for f in services.ENTERPRISE_FIELDS
                if f in form.cleaned_data and f != "location"
            }
            created = services.enterprise_create(
                actor=request.user, credit_code=obj.credit_code, location=obj.location, **fields
            )
            obj.pk = created.pk


@admin.register(ParkMembership)
class ParkMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "park"]
    list_filter = ["park"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_staff_admin(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return is_staff_admin(request.user)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return is_staff_admin(request.user)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return is_staff_admin(request.user)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return is_staff_admin(request.user)


@admin.register(EnterpriseMembership)
class EnterpriseMembershipAdmin(ParkMembershipAdmin):
    list_display = ["user", "enterprise"]
    list_filter = []


@admin.register(EconomicFigure)
class EconomicFigureAdmin(SimpleHistoryAdmin, ParkMembershipAdmin):
    """Staff correct a figure here (with history); everyone else sends them by upload or API."""

    list_display = ["enterprise", "period", "output_value", "value_added", "source", "updated_at"]
    list_filter = ["period", "enterprise__park"]
    search_fields = ["enterprise__name", "enterprise__credit_code"]
    raw_id_fields = ["enterprise"]
    readonly_fields = ["updated_by", "updated_at"]

    def save_model(self, request, obj: EconomicFigure, form, change: bool) -> None:
        obj.updated_by, obj.source = request.user, "admin"
        super().save_model(request, obj, form, change)
