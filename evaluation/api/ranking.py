"""The city's parks by green index for a year (park-evaluations/ranking/)."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from evaluation import scoring, selectors, services
from evaluation.models import IndicatorEdition
from wastewatch.api.exceptions import ApplicationError


class RankingQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=services.FIRST_YEAR, max_value=2100)
    edition = serializers.CharField(
        required=False, max_length=32, help_text="Edition code; default: the last one loaded."
    )


class RankRowSerializer(serializers.Serializer):
    rank = serializers.IntegerField(help_text="Dense: equal GIs share a rank; 1 is best.")
    park = serializers.CharField()
    park_name = serializers.CharField()
    evaluation = serializers.IntegerField()
    version = serializers.IntegerField()
    gi = serializers.DecimalField(max_digits=5, decimal_places=2)
    passed = serializers.BooleanField(help_text="False: ranked, but the park fails.")
    below_benchmark = serializers.ListField(
        child=serializers.IntegerField(), help_text="Indicators short of their benchmark."
    )
    mandatory_below_benchmark = serializers.ListField(
        child=serializers.IntegerField(), help_text="The mandatory ones among them."
    )


class EvaluationRankingActions:
    """The park-evaluations/ranking/ action."""

    @extend_schema(
        parameters=[RankingQuerySerializer], responses=RankRowSerializer(many=True), filters=False
    )
    @action(detail=False, pagination_class=None, filterset_class=None)
    def ranking(self, request: Request) -> Response:
        """Parks by green index for a year: latest approved version each, GI at approval.
        Each user sees the rows of the parks whose evaluations they may read."""
        query = RankingQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        edition = _edition(query.validated_data.get("edition"))
        rows = scoring.evaluation_rank(year=query.validated_data["year"], edition=edition)
        visible = set(selectors.evaluation_list(user=request.user).values_list("pk", flat=True))
        rows = [row for row in rows if row.evaluation in visible]
        return Response(RankRowSerializer(rows, many=True).data)


def _edition(code: str | None) -> IndicatorEdition:
    edition = (
        IndicatorEdition.objects.filter(code=code).first() if code else selectors.edition_default()
    )
    if edition is None:
        raise ApplicationError(_("No such indicator edition."))
    return edition
