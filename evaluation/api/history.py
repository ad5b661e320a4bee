"""A park's last years side by side (park-evaluations/history/)."""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from evaluation import scoring, selectors, services
from evaluation.models import Indicator, ParkEvaluation
from parks.selectors import park_list


class HistoryQuerySerializer(serializers.Serializer):
    park = serializers.CharField(max_length=32, help_text="Park code.")
    year = serializers.IntegerField(
        min_value=services.FIRST_YEAR,
        max_value=2100,
        required=False,
        help_text="The last year shown; default: the park's latest evaluated year.",
    )
    years = serializers.IntegerField(min_value=1, max_value=10, default=3)


class HistoryColumnSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    evaluation = serializers.IntegerField(allow_null=True)
    version = serializers.IntegerField(allow_null=True)
    status = serializers.ChoiceField(choices=ParkEvaluation.Status.choices, allow_null=True)
    gi = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    passed = serializers.BooleanField(allow_null=True)
    rank = serializers.IntegerField(allow_null=True, help_text="Approved years only.")


class HistoryCellSerializer(serializers.Serializer):
    value = serializers.DecimalField(max_digits=20, decimal_places=6, allow_null=True)
    met = serializers.BooleanField(allow_null=True)
    r = serializers.DecimalField(max_digits=7, decimal_places=6, allow_null=True)
    status = serializers.ChoiceField(
        choices=[scoring.SCORED, scoring.MISSING, scoring.NOT_COMPUTABLE, scoring.NO_EVALUATION],
        help_text="As in a score; no_evaluation: the park has no evaluation that year.",
    )
    below_benchmark = serializers.BooleanField(allow_null=True)
    benchmark = serializers.DecimalField(
        max_digits=20,
        decimal_places=6,
        allow_null=True,
        help_text="The benchmark that year's score used, if it says.",
    )


class HistoryRowSerializer(serializers.Serializer):
    edition = serializers.CharField()
    number = serializers.IntegerField()
    name = serializers.CharField()
    name_en = serializers.CharField()
    group = serializers.CharField()
    unit = serializers.CharField()
    direction = serializers.ChoiceField(choices=Indicator.Direction.choices)
    mandatory = serializers.BooleanField()
    benchmark = serializers.DecimalField(max_digits=20, decimal_places=6, allow_null=True)
    benchmark_text = serializers.CharField()
    cells = HistoryCellSerializer(many=True, help_text="One per year of `years`.")


class EvaluationHistorySerializer(serializers.Serializer):
    park = serializers.CharField()
    years = serializers.ListField(child=serializers.IntegerField())
    columns = HistoryColumnSerializer(many=True)
    rows = HistoryRowSerializer(many=True)


class EvaluationHistoryActions:
    """The park-evaluations/history/ action."""

    @extend_schema(
        parameters=[HistoryQuerySerializer],
        responses=EvaluationHistorySerializer,
        filters=False,
    )
    @action(detail=False, pagination_class=None, filterset_class=None)
    def history(self, request: Request) -> Response:
        """A park's last years side by side: indicator rows × year columns (value, r), and each
        year's GI, pass and rank."""
        query = HistoryQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        park = park_list(user=request.user).filter(code=query.validated_data["park"]).first()
        if park is None:
            raise Http404
        history = scoring.park_evaluation_history(
            park=park,
            years=query.validated_data["years"],
            until=query.validated_data.get("year"),
            evaluations=selectors.evaluation_list(user=request.user),
        )
        return Response(EvaluationHistorySerializer(history).data)
