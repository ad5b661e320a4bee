"""Zero-waste city indicators API v1: the city's or a park's indicators for a month, the year
to date and a year, with targets, trend and the terms each value came from."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from indicators.selectors import indicator_month, indicator_scope, indicator_year
from indicators.services import COLUMNS, CityIndicators, city_indicators
from wastewatch.api.exceptions import ApplicationError


class CityIndicatorValueSerializer(serializers.Serializer):
    value = serializers.FloatField(allow_null=True)
    not_computable = serializers.CharField(help_text="Why there is no value; empty if there is.")
    figures = serializers.DictField(
        child=serializers.FloatField(), help_text="The terms the value was computed from."
    )
    handling_unknown_t = serializers.FloatField(
        help_text="Tonnes of the indicator's waste transferred out with handling unknown "
        "(no declared purpose, no receiver's handling, no confirmed manifest): counted "
        "neither as utilised nor as disposed."
    )
    handling_unknown_share_pct = serializers.FloatField(
        allow_null=True,
        help_text="handling_unknown_t as a share of the waste's generation, %; null when "
        "nothing was generated.",
    )


class CityIndicatorRowSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    unit = serializers.CharField()
    better = serializers.ChoiceField(choices=["higher", "lower"])
    source = serializers.CharField()
    month = CityIndicatorValueSerializer()
    year_to_date = CityIndicatorValueSerializer()
    year = CityIndicatorValueSerializer()
    target = serializers.FloatField(allow_null=True)
    progress = serializers.FloatField(allow_null=True)
    trend_pct = serializers.FloatField(allow_null=True)


class CityIdentityRowSerializer(serializers.Serializer):
    credit_code = serializers.CharField()
    category = serializers.CharField()
    generated = serializers.FloatField()
    U = serializers.FloatField()
    D = serializers.FloatField()
    S = serializers.FloatField()
    X = serializers.FloatField()
    P = serializers.FloatField()
    residual = serializers.FloatField(
        help_text="Generated minus the identity's other terms: what they cannot account for."
    )
    dumped_or_discarded_t = serializers.FloatField(
        help_text="The residual read as the identity's last term, waste dumped or discarded "
        "(倾倒丢弃量), which it is if the other terms are right; 0 when the residual is negative."
    )


class CityIndicatorsSerializer(serializers.Serializer):
    park = serializers.CharField(allow_null=True)
    period = serializers.CharField()
    year = serializers.IntegerField()
    spans = serializers.DictField(child=serializers.DictField(child=serializers.CharField()))
    ledger_entries = serializers.DictField(child=serializers.CharField())
    indicators = CityIndicatorRowSerializer(many=True)
    identity_check = CityIdentityRowSerializer(many=True)


class CityIndicatorsView(APIView):
    """GET ?park=CODE (default: the whole city, for the bureau) &period=YYYY-MM (default: last
    month) &year=YYYY (default: the period's year)."""

    @extend_schema(
        parameters=[
            OpenApiParameter("park", str, description="Park code; omit for the city."),
            OpenApiParameter("period", str, description="Month, YYYY-MM."),
            OpenApiParameter("year", int, description="The whole year shown beside it."),
        ],
        responses={200: CityIndicatorsSerializer},
    )
    def get(self, request: Request) -> Response:
        park = indicator_scope(user=request.user, park_code=request.query_params.get("park"))
        try:
            month = indicator_month(request.query_params.get("period"))
            year = indicator_year(request.query_params.get("year"), month=month)
        except ValueError as exc:
            raise ApplicationError(str(exc)) from exc
        return Response(indicators_data(city_indicators(park=park, month=month, year=year)))


def indicators_data(report: CityIndicators) -> dict:
    return {
        "park": report.park.code if report.park else None,
        "period": f"{report.month:%Y-%m}",
        "year": report.year,
        "spans": {
            column: {"from": f"{span.period_from:%Y-%m}", "to": f"{span.period_to:%Y-%m}"}
            for column, span in report.spans.items()
        },
        "ledger_entries": report.ledger_links,
        "indicators": [
            {
                "code": row.code,
                "name": str(row.results["month"].definition.name),
                "unit": row.results["month"].definition.unit,
                "better": row.results["month"].definition.direction,
                "source": row.results["month"].definition.source,
                **{
                    column: {
                        "value": row.results[column].value,
                        "not_computable": row.results[column].not_computable,
                        "figures": row.results[column].figures,
                        "handling_unknown_t": row.results[column].handling_unknown_t,
                        "handling_unknown_share_pct": row.results[column].handling_unknown_pct,
                    }
                    for column in COLUMNS
                },
                "target": row.target,
                "progress": row.progress,
                "trend_pct": row.trend_pct,
            }
            for row in report.rows
        ],
        "identity_check": report.identity,
    }
