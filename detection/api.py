"""Flags API v1: the anomalies found, their reasons as data and as sentences, and review."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from detection.filters import FlagListFilter
from detection.models import Flag, FlagReview
from detection.reasons import reason_text
from detection.selectors import flag_list
from detection.services import flag_assign, flag_review
from monitoring.permissions import IsPerson
from wastewatch.roles import city_readers


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
    assigned_to = serializers.CharField(
        source="assigned_to.get_username",
        allow_null=True,
        default=None,
        help_text="Username of the regulator who follows the flag up.",
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
            "assigned_to",
            "due_date",
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


class FlagAssignInputSerializer(serializers.Serializer):
    assigned_to = serializers.SlugRelatedField(
        slug_field="username",
        queryset=city_readers(),
        allow_null=True,
        help_text="Username of a regulator (a user who reads the whole city); null: nobody.",
    )
    due_date = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="Not in the past."
    )

    def validate_due_date(self, value):
        if value is not None and value < timezone.localdate():
            raise serializers.ValidationError("The due date is in the past.")
        return value


class FlagViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Flags of the enterprises the user may read; the regulator reviews them. Filtered as the
    portal's flag list is (detection.filters.FlagListFilter)."""

    permission_classes = [IsPerson]
    filterset_class = FlagListFilter

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

    @extend_schema(request=FlagAssignInputSerializer, responses=FlagDetailSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request: Request, pk: str) -> Response:
        """Assign the flag to a regulator, with a due date; regulators and staff only."""
        data = FlagAssignInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        flag = flag_assign(
            actor=request.user,
            flag=self.get_object(),
            assignee=data.validated_data["assigned_to"],
            due_date=data.validated_data["due_date"],
        )
        return Response(FlagDetailSerializer(flag_list(user=request.user).get(pk=flag.pk)).data)
