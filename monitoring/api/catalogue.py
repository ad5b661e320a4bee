"""Catalogue API v1: the waste categories every ledger line and ticket refers to."""

import django_filters
from rest_framework import mixins, serializers, viewsets

from monitoring import selectors
from monitoring.models import WasteCategory


class WasteCategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = WasteCategory
        fields = ["code", "name_zh", "name_en", "is_hazardous", "catalogue_version"]


class WasteCategoryFilter(django_filters.FilterSet):
    class Meta:
        model = WasteCategory
        fields = ["is_hazardous"]


class WasteCategoryViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """The waste catalogue: hazardous categories HW01…HW50 and general SW categories."""

    serializer_class = WasteCategorySerializer
    filterset_class = WasteCategoryFilter
    lookup_field = "code"
    pagination_class = None

    def get_queryset(self):
        return selectors.waste_category_list()
