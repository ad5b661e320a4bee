"""Zero-waste city indicators API v1: the city's or a park's indicators for a month, the year
to date and a year, with targets, trend and the terms each value came from. Values are
computed in full precision and rounded here once, as the Indicators page rounds them."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from indicators.formulas import Result
from indicators.labels import span_label
from indicators.selectors import indicator_month_shown, indicator_scope, indicator_year
from indicators.services import COLUMNS, CityIndicators, Span, city_indicators
from parks.selectors import park_enterprise_ids
from wastewatch.api.exceptions import ApplicationError
from wastewatch.numbers import round_half_up

TONNES_DECIMALS = 3  # tonnes and the other terms of `figures`
PCT_DECIMALS = {"handling_unknown": 2, "trend": 1}
PROGRESS_DECIMALS = 3  # a fraction: 0.951 is 95.1 %


class CityIndicatorValueSerializer(serializers.Serializer):
    value = serializers.FloatField(
        allow_null=True, help_text="Rounded to the indicator's `decimals`; null with no value."
    )
    no_data = serializers.BooleanField(
        help_text="No ledger figures of the indicator's waste in the span: the value is null "
        "(not 0) and not_computable says so."
    )
    not_computable = serializers.CharField(
        help_text="Why there is no value (no data, a zero denominator); empty if there is."
    )
    figures = serializers.DictField(
        child=serializers.FloatField(), help_text="The terms the value was computed from."
    )
    handling_unknown_t = serializers.FloatField(
        allow_null=True,
        help_text="Tonnes of the indicator's waste transferred out with handling unknown "
        "(no declared purpose, no receiver's handling, no confirmed manifest): counted "
        "neither as utilised nor as disposed; null with no data.",
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
    decimals = serializers.IntegerField(help_text="The places its values are rounded to.")
    month = CityIndicatorValueSerializer()
    year_to_date = CityIndicatorValueSerializer()
    year = CityIndicatorValueSerializer()
    year_before = CityIndicatorValueSerializer(
        help_text="The year to date's months with figures, a year before (spans.year_before)."
    )
    target = serializers.FloatField(allow_null=True)
    progress = serializers.FloatField(
        allow_null=True, help_text="Of the target, for the year to date: 1 is reached."
    )
    trend_pct = serializers.FloatField(
        allow_null=True,
        help_text="The year to date against year_before, %; null unless the year before has "
        "figures of every month the year to date has them of (trend_like_for_like).",
    )


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


class CitySpanSerializer(serializers.Serializer):
    from_ = serializers.CharField(help_text="YYYY-MM")
    to = serializers.CharField(help_text="YYYY-MM")
    months = serializers.ListField(
        child=serializers.CharField(),
        help_text="The months of the span that hold ledger figures (YYYY-MM): what its "
        "values cover.",
    )
    complete = serializers.BooleanField(help_text="Every month of the span holds figures.")
    label = serializers.CharField(
        help_text='In the reader\'s language: "January–October 2026 (10 of 12 months)".'
    )

    def get_fields(self) -> dict:
        fields = super().get_fields()
        fields["from"] = fields.pop("from_")
        return fields


class CityIndicatorsSerializer(serializers.Serializer):
    park = serializers.CharField(allow_null=True)
    period = serializers.CharField()
    year = serializers.IntegerField()
    spans = serializers.DictField(
        child=CitySpanSerializer(),
        help_text="month, year_to_date, year, and year_before: the year to date's months "
        "with figures, a year before (its `months`: those of them with figures then).",
    )
    trend_like_for_like = serializers.BooleanField(
        help_text="The year before has figures of every month the year to date has them of."
    )
    ledger_entries = serializers.DictField(child=serializers.CharField())
    indicators = CityIndicatorRowSerializer(many=True)
    identity_check = CityIdentityRowSerializer(many=True)


class CityIndicatorsView(APIView):
    """GET ?park=CODE (default: the whole city, for the bureau) &period=YYYY-MM (default: the
    last month the scope has ledger figures of) &year=YYYY (default: the last whole year)."""

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
        enterprise_ids = None if park is None else park_enterprise_ids(park=park)
        try:
            month = indicator_month_shown(
                request.query_params.get("period"), enterprise_ids=enterprise_ids
            )
            year = indicator_year(request.query_params.get("year"), month=month)
        except ValueError as exc:
            raise ApplicationError(str(exc)) from exc
        return Response(indicators_data(city_indicators(park=park, month=month, year=year)))


def indicators_data(report: CityIndicators) -> dict:
    """The report as the API serialises it, each figure rounded once."""
    spans = {**report.spans, "year_before": report.compared}
    return {
        "park": report.park.code if report.park else None,
        "period": f"{report.month:%Y-%m}",
        "year": report.year,
        "spans": {column: _span(span) for column, span in spans.items()},
        "trend_like_for_like": report.like_for_like,
        "ledger_entries": report.ledger_links,
        "indicators": [
            {
                "code": row.code,
                "name": str(row.results["month"].definition.name),
                "unit": row.results["month"].definition.unit,
                "better": row.results["month"].definition.direction,
                "source": row.results["month"].definition.source,
                "decimals": row.results["month"].definition.decimals,
                **{column: _value(row.results[column]) for column in COLUMNS},
                "year_before": _value(report.year_before[row.code]),
                "target": row.target,
                "progress": round_half_up(row.progress, PROGRESS_DECIMALS),
                "trend_pct": round_half_up(row.trend_pct, PCT_DECIMALS["trend"]),
            }
            for row in report.rows
        ],
        "identity_check": report.identity,
    }


def _span(span: Span) -> dict:
    return {
        "from": f"{span.period_from:%Y-%m}",
        "to": f"{span.period_to:%Y-%m}",
        "months": [f"{month:%Y-%m}" for month in span.months],
        "complete": span.complete,
        "label": span_label(span),
    }


def _value(result: Result) -> dict:
    return {
        "value": round_half_up(result.value, result.definition.decimals),
        "no_data": result.no_data,
        "not_computable": result.not_computable,
        "figures": {
            name: figure if isinstance(figure, int) else round_half_up(figure, TONNES_DECIMALS)
            for name, figure in result.figures.items()
        },
        "handling_unknown_t": round_half_up(result.handling_unknown_t, TONNES_DECIMALS),
        "handling_unknown_share_pct": round_half_up(
            result.handling_unknown_pct, PCT_DECIMALS["handling_unknown"]
        ),
    }
