from django.contrib import admin
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from monitoring import selectors, services
from monitoring.models import MonitoringPoint, WasteCategory, WeighTicket
from parks.selectors import enterprise_list


@admin.register(WasteCategory)
class WasteCategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name_zh", "name_en", "is_hazardous", "catalogue_version"]
    list_filter = ["is_hazardous", "catalogue_version"]
    search_fields = ["code", "name_zh", "name_en"]


@admin.register(MonitoringPoint)
class MonitoringPointAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "enterprise",
        "kind",
        "has_active_key",
        "key_issued_at",
        "key_revoked_at",
    ]
    list_filter = ["kind"]
    search_fields = ["code", "enterprise__name", "enterprise__credit_code"]
    readonly_fields = ["key_issued_at", "key_revoked_at"]
    actions = ["issue_key", "revoke_key"]

    def get_queryset(self, request: HttpRequest):
        return selectors.monitoring_point_list(user=request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "enterprise":
            kwargs["queryset"] = enterprise_list(user=request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: MonitoringPoint, form, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
        else:
            created = services.monitoring_point_create(
                actor=request.user,
                enterprise=obj.enterprise,
                code=obj.code,
                kind=obj.kind,
                name=obj.name,
            )
            obj.pk = created.pk

    @admin.display(boolean=True, description=_("active key"))
    def has_active_key(self, point: MonitoringPoint) -> bool:
        return point.has_active_key

    @admin.action(description=_("Issue a new device key (shown once)"))
    def issue_key(self, request: HttpRequest, queryset) -> TemplateResponse:
        """Shows the new keys once, on this page only: a message would keep them in a cookie
        the browser sends back and anyone with the cookie could read."""
        issued = [
            (point, services.device_key_issue(actor=request.user, point=point))
            for point in queryset
        ]
        response = TemplateResponse(
            request,
            "admin/monitoring/device_keys_issued.html",
            {
                **self.admin_site.each_context(request),
                "title": _("New device keys"),
                "opts": self.model._meta,
                "issued": issued,
            },
        )
        add_never_cache_headers(response)
        return response

    @admin.action(description=_("Revoke the device key"))
    def revoke_key(self, request: HttpRequest, queryset) -> None:
        for point in queryset:
            services.device_key_revoke(actor=request.user, point=point)
        self.message_user(request, _("%(n)d keys revoked.") % {"n": len(queryset)})


@admin.register(WeighTicket)
class WeighTicketAdmin(admin.ModelAdmin):
    list_display = ["ticket_number", "point", "weighed_at", "category", "direction", "net_t"]
    list_filter = ["direction", "category"]
    search_fields = ["ticket_number", "vehicle"]
    date_hierarchy = "weighed_at"

    def get_queryset(self, request: HttpRequest):
        return selectors.weigh_ticket_list(user=request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # tickets come from devices

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
