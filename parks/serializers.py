"""Serializers of the registry API: thin shapes, no business rules (those are in services)."""

from django.utils.translation import gettext_lazy
from rest_framework import serializers
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from parks.models import Enterprise, Park
from parks.validators import (
    industry_code_normalize,
    validate_credit_code,
    validate_industry_code,
)
from wastewatch.api.fields import CreditCodeField
from wastewatch.api.fields import WGS84GeometryField as GeometryField


class ParkSummarySerializer(serializers.ModelSerializer):
    enterprise_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Park
        fields = ["code", "name", "name_en", "level", "district", "operator", "enterprise_count"]


class ParkSerializer(ParkSummarySerializer):
    boundary = GeometryField(
        help_text="GeoJSON MultiPolygon, WGS84 lon/lat.", geometry_types=("MultiPolygon",)
    )

    class Meta(ParkSummarySerializer.Meta):
        fields = [*ParkSummarySerializer.Meta.fields, "boundary"]


class ParkInputSerializer(serializers.Serializer):
    code = serializers.SlugField(max_length=32)
    name = serializers.CharField(max_length=200)
    name_en = serializers.CharField(max_length=200, required=False, allow_blank=True)
    level = serializers.ChoiceField(choices=Park.Level.choices)
    district = serializers.CharField(max_length=100, required=False, allow_blank=True)
    operator = serializers.CharField(max_length=200, required=False, allow_blank=True)
    boundary = GeometryField(
        help_text="GeoJSON Polygon or MultiPolygon, WGS84 lon/lat.",
        geometry_types=("Polygon", "MultiPolygon"),
    )


class ParkUpdateSerializer(ParkInputSerializer):
    """The code identifies the park and does not change (an update sending another one is
    refused, see PARK_READ_ONLY)."""

    code = None


COMPUTED = gettext_lazy("%(field)s is computed by the platform and cannot be set.")
# Fields an update may repeat unchanged (a PUT of what GET returned) but never change, each
# with the reason given when it is changed (None: COMPUTED).
PARK_READ_ONLY = {
    "code": gettext_lazy(
        "The code identifies the park and cannot be changed; register a new park instead."
    ),
    "enterprise_count": None,
}
ENTERPRISE_READ_ONLY = {
    "credit_code": gettext_lazy(
        "The credit code identifies the enterprise and cannot be changed; register the "
        "enterprise with its new code instead."
    ),
    "outside_park_boundary": None,
    "data_issues": None,
}


class ParkFeatureSerializer(GeoFeatureModelSerializer):
    enterprise_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Park
        geo_field = "boundary"
        id_field = "code"
        fields = ["code", "name", "name_en", "level", "district", "enterprise_count"]


class EnterpriseSerializer(serializers.ModelSerializer):
    park = serializers.SlugRelatedField(slug_field="code", read_only=True)
    location = GeometryField(help_text="GeoJSON Point, WGS84 lon/lat.")
    data_issues = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = Enterprise
        fields = [
            "credit_code",
            "name",
            "industry_code",
            "park",
            "location",
            "permit_number",
            "is_key_unit",
            "hazardous_waste_tier",
            "outside_park_boundary",
            "data_issues",
        ]


class EnterpriseInputSerializer(serializers.Serializer):
    credit_code = CreditCodeField(min_length=18, max_length=18, validators=[validate_credit_code])
    name = serializers.CharField(max_length=200)
    industry_code = serializers.CharField(max_length=5, validators=[validate_industry_code])

    def validate_industry_code(self, value: str) -> str:
        return industry_code_normalize(value)

    park = serializers.SlugRelatedField(
        slug_field="code", queryset=Park.objects.all(), allow_null=True, required=False
    )
    location = GeometryField(help_text="GeoJSON Point, WGS84 lon/lat.")
    permit_number = serializers.CharField(max_length=40, required=False, allow_blank=True)
    is_key_unit = serializers.BooleanField(required=False)
    hazardous_waste_tier = serializers.ChoiceField(
        choices=Enterprise.HazardousWasteTier.choices,
        required=False,
        allow_blank=True,
        help_text="HJ 1259-2022 tier: key, simplified, registered; empty: no hazardous waste.",
    )


class EnterpriseUpdateSerializer(EnterpriseInputSerializer):
    """The credit code identifies the enterprise and does not change (an update sending
    another one is refused, see ENTERPRISE_READ_ONLY)."""

    credit_code = None


class EnterpriseFeatureSerializer(GeoFeatureModelSerializer):
    park = serializers.SlugRelatedField(slug_field="code", read_only=True)
    location = GeometryField(help_text="GeoJSON Point, WGS84 lon/lat.", read_only=True)

    class Meta:
        model = Enterprise
        geo_field = "location"
        id_field = "credit_code"
        fields = [
            "credit_code",
            "name",
            "industry_code",
            "park",
            "is_key_unit",
            "outside_park_boundary",
        ]


class HistoryChangeSerializer(serializers.Serializer):
    field = serializers.CharField()
    old = serializers.JSONField(allow_null=True)
    new = serializers.JSONField(allow_null=True)


class HistoryRecordSerializer(serializers.Serializer):
    history_id = serializers.IntegerField()
    date = serializers.DateTimeField()
    type = serializers.ChoiceField(choices=["created", "changed", "deleted"])
    user = serializers.CharField(allow_null=True)
    reason = serializers.CharField(allow_blank=True)
    changes = HistoryChangeSerializer(many=True)
