"""Flags API v1: the anomalies found, their reasons as data and as sentences, and review."""

import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from detection.models import Flag, FlagReview
from detection.reasons import reason_text
from detection.selectors import flag_list
from detection.services import flag_review
from monitoring.permissions import IsPerson


class FlagReviewSerializer(serializers.ModelSerializer):
    reviewer = serializers.CharField(source="reviewer.get_username", allow_null=True, default=None)

    class Meta:
        model = FlagReview
        fields = ["status", "note", "reviewer", "at"]


class FlagSerializer(serializers.ModelSerializer):
    enterprise = serializers.CharField(source="enterprise.credit_code")
    enterprise_name = serializers.CharField(source="enterprise.name")
    park = serializers.CharField(source="enterprise.park.code", allow_null=True, default=None)
    category = serializers.CharField(source="category.code")
    reasons_text = serializers.SerializerMethodField(
        help_text="The reasons as sentences, in the request's language."
    )
    reviewed_by = serializers.CharField(
        source="reviewed_by.get_username", allow_null=True, default=None
    )

    class Meta:
        model = Flag
        fields = [
            "id",
            "enterprise",
            "enterprise_name",
            "park",
            "category",
            "period",
            "kind",
            "severity",
            "score",
            "reasons",
            "reasons_text",
            "status",
            "reviewed_by",
            "reviewed_at",
            "review_note",
            "created_at",
            "updated_at",
        ]

    def get_reasons_text(self, flag: Flag) -> list[str]:
        return [reason_text(reason) for reason in flag.reasons]


class FlagDetailSerializer(FlagSerializer):
    reviews = FlagReviewSerializer(many=True, read_only=True)

    class Meta(FlagSerializer.Meta):
        fields = [*FlagSerializer.Meta.fields, "reviews"]


class FlagReviewInputSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=[Flag.Status.CONFIRMED, Flag.Status.DISMISSED])
    note = serializers.CharField(
        required=False, allow_blank=True, help_text="Required when dismissing: why."
    )


class FlagFilter(django_filters.FilterSet):
    enterprise = django_filters.CharFilter(field_name="enterprise__credit_code")
    park = django_filters.CharFilter(field_name="enterprise__park__code")
    category = django_filters.CharFilter(field_name="category__code")
    period = django_filters.DateFilter()

    class Meta:
        model = Flag
        fields = ["status", "kind", "severity", "enterprise", "park", "category", "period"]


class FlagViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Flags of the enterprises the user may read; the regulator reviews them."""

    permission_classes = [IsPerson]
    filterset_class = FlagFilter

    def get_queryset(self):
        flags = flag_list(user=self.request.user)
        return flags.prefetch_related("reviews__reviewer") if self.action == "retrieve" else flags

    def get_serializer_class(self):
        return FlagDetailSerializer if self.action == "retrieve" else FlagSerializer

    @extend_schema(request=FlagReviewInputSerializer, responses=FlagDetailSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request: Request, pk: str) -> Response:
        """Confirm or dismiss (with a note); regulators and staff only."""
        data = FlagReviewInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        flag = flag_review(actor=request.user, flag=self.get_object(), **data.validated_data)
        return Response(FlagDetailSerializer(flag_list(user=request.user).get(pk=flag.pk)).data)
