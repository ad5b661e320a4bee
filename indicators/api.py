"""Zero-waste city indicators API v1: the city's or a park's indicators for a month, the year
to date and a year, with targets, trend and the terms each value came from."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from indicators.selectors import indicator_month, indicator_scope, indicator_year
from indicators.services import COLUMNS, CityIndicators, city_indicators
from wastewatch.api.exceptions import ApplicationError


class CityIndicatorsView(APIView):
    """GET ?park=CODE (default: the whole city, for the bureau) &period=YYYY-MM (default: last
    month) &year=YYYY (default: the period's year)."""

    @extend_schema(
        parameters=[
            OpenApiParameter("park", str, description="Park code; omit for the city."),
            OpenApiParameter("period", str, description="Month, YYYY-MM."),
            OpenApiParameter("year", int, description="The whole year shown beside it."),
        ],
        responses={200: OpenApiTypes.OBJECT},
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
