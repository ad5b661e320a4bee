from django.contrib import admin

from monitoring.models import WasteCategory


@admin.register(WasteCategory)
class WasteCategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name_zh", "name_en", "is_hazardous", "catalogue_version"]
    list_filter = ["is_hazardous", "catalogue_version"]
    search_fields = ["code", "name_zh", "name_en"]
