"""Parks' yearly evaluations and their workflow: list, read, start, submit, approve, return,
revise. The park's figures, the ranking and the history are the actions of the modules of
the same names, mixed into the one viewset so that every path stays under park-evaluations/."""

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response

from evaluation import selectors, services
from evaluation.api.history import EvaluationHistoryActions
from evaluation.api.ranking import EvaluationRankingActions
from evaluation.api.serializers import ParkEvaluationDetailSerializer, ParkEvaluationSerializer
from evaluation.api.values import EvaluationValuesActions
from evaluation.filters import ParkEvaluationFilter
from evaluation.models import IndicatorEdition, IndicatorValue, ParkEvaluation
from monitoring.permissions import IsPerson
from parks.models import Park
from parks.selectors import park_list


class EvaluationCreateInputSerializer(serializers.Serializer):
    park = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Park.objects.none(),
        help_text="Park code.",
        error_messages={"does_not_exist": gettext_lazy("No park has the code {value}.")},
    )
    year = serializers.IntegerField(min_value=services.FIRST_YEAR, max_value=2100)
    edition = serializers.SlugRelatedField(
        slug_field="code",
        queryset=IndicatorEdition.objects.all(),
        required=False,
        help_text="Edition code; default: the last edition loaded.",
        error_messages={
            "does_not_exist": gettext_lazy("No indicator edition has the code {value}.")
        },
    )

    def __init__(self, *args, user=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if user is not None:  # None: the schema generator
            self.fields["park"].queryset = park_list(user=user)


class CommentInputSerializer(serializers.Serializer):
    comment = serializers.CharField(
        allow_blank=True,
        required=False,
        default="",
        max_length=4000,
        help_text="Required when returning: what the park should change.",
    )


class ParkEvaluationViewSet(
    EvaluationValuesActions,
    EvaluationRankingActions,
    EvaluationHistoryActions,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Parks' yearly green-park evaluations: the park's operators create, fill in and submit;
    the regulator approves or returns; an approved version is frozen and revised as a new one."""

    permission_classes = [IsPerson]
    filterset_class = ParkEvaluationFilter
    parser_classes = [JSONParser]

    def get_queryset(self) -> QuerySet[ParkEvaluation]:
        evaluations = selectors.evaluation_list(user=self.request.user)
        if self.action != "list":
            values = IndicatorValue.objects.select_related("indicator", "updated_by")
            evaluations = evaluations.prefetch_related(
                Prefetch("values", queryset=values.order_by("indicator__number"))
            )
        return evaluations.order_by("-year", "park__code", "-version")

    def get_serializer_class(self):
        return ParkEvaluationSerializer if self.action == "list" else ParkEvaluationDetailSerializer

    def _detail(self, evaluation: ParkEvaluation, code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=evaluation.pk)
        return Response(ParkEvaluationDetailSerializer(fresh).data, status=code)

    @extend_schema(
        request=EvaluationCreateInputSerializer, responses={201: ParkEvaluationDetailSerializer}
    )
    def create(self, request: Request) -> Response:
        """Start a park's evaluation of a year (version 1, draft); the park's operators."""
        data = EvaluationCreateInputSerializer(data=request.data, user=request.user)
        data.is_valid(raise_exception=True)
        evaluation = services.evaluation_create(actor=request.user, **data.validated_data)
        return self._detail(evaluation, status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=ParkEvaluationDetailSerializer)
    @action(detail=True, methods=["post"], filterset_class=None)
    def submit(self, request: Request, pk: str) -> Response:
        """Hand the evaluation to the regulator (missing values show as failures)."""
        evaluation = services.evaluation_submit(actor=request.user, evaluation=self.get_object())
        return self._detail(evaluation)

    @extend_schema(request=CommentInputSerializer, responses=ParkEvaluationDetailSerializer)
    @action(detail=True, methods=["post"], filterset_class=None)
    def approve(self, request: Request, pk: str) -> Response:
        """Approve and freeze the score; regulator or staff."""
        data = CommentInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        evaluation = services.evaluation_approve(
            actor=request.user, evaluation=self.get_object(), **data.validated_data
        )
        return self._detail(evaluation)

    @extend_schema(request=CommentInputSerializer, responses=ParkEvaluationDetailSerializer)
    @action(
        detail=True, methods=["post"], url_path="return", url_name="return", filterset_class=None
    )
    def return_(self, request: Request, pk: str) -> Response:
        """Send back to the park with a comment; regulator or staff."""
        data = CommentInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        evaluation = services.evaluation_return(
            actor=request.user, evaluation=self.get_object(), **data.validated_data
        )
        return self._detail(evaluation)

    @extend_schema(request=None, responses={201: ParkEvaluationDetailSerializer})
    @action(detail=True, methods=["post"], filterset_class=None)
    def revise(self, request: Request, pk: str) -> Response:
        """Start version + 1 of an approved evaluation, as a draft with its values."""
        revision = services.evaluation_revise(actor=request.user, evaluation=self.get_object())
        return self._detail(revision, status.HTTP_201_CREATED)
