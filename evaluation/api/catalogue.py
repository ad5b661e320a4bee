"""The indicator catalogue (editions, groups, indicators, benchmarks), read-only: staff
configure it in the admin."""

from django.db.models import QuerySet
from rest_framework import mixins, serializers, viewsets

from evaluation import selectors
from evaluation.models import Indicator, IndicatorEdition, IndicatorGroup, Verification
from monitoring.permissions import IsPerson


class RequirementSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    name_en = serializers.CharField(default="")
    verification = serializers.ChoiceField(choices=Verification.choices)
    note = serializers.CharField(default="")


class IndicatorGroupSerializer(serializers.ModelSerializer):
    class Meta:
        model = IndicatorGroup
        fields = ["code", "name", "name_en", "weight", "order", "note"]


class IndicatorSerializer(serializers.ModelSerializer):
    group = serializers.CharField(source="group.code", help_text="EG, RG, IG, CG, HG or MG.")

    class Meta:
        model = Indicator
        fields = [
            "number",
            "group",
            "name",
            "name_en",
            "unit",
            "direction",
            "mandatory",
            "fails_below_benchmark",
            "benchmark",
            "benchmark_text",
            "input",
            "derivation",
            "verification",
            "note",
        ]


class IndicatorEditionSerializer(serializers.ModelSerializer):
    requirements = RequirementSerializer(
        many=True, help_text="Basic requirements: every one must be met to pass."
    )
    groups = IndicatorGroupSerializer(many=True)
    indicators = IndicatorSerializer(many=True)

    class Meta:
        model = IndicatorEdition
        fields = [
            "code",
            "name",
            "document",
            "pass_mark",
            "note",
            "requirements",
            "groups",
            "indicators",
        ]


class IndicatorEditionViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Indicator systems with their groups, weights, indicators and benchmarks (configured by
    staff in the admin; unverified figures are marked)."""

    permission_classes = [IsPerson]
    serializer_class = IndicatorEditionSerializer
    lookup_field = "code"
    lookup_value_regex = "[-a-zA-Z0-9_]+"
    filterset_class = None

    def get_queryset(self) -> QuerySet[IndicatorEdition]:
        return selectors.edition_list().order_by("code")
