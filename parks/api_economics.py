"""Economic figures API v1: read the months you may see; send figures as a file or as JSON,
saved whole or refused whole with a row-by-row report."""

import django_filters
from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from parks import selectors
from parks.economics import (
    FiguresSaved,
    economic_figures_import,
    economic_figures_save,
    economic_figures_template_csv,
)
from parks.models import EconomicFigure
from wastewatch.api.exceptions import ApplicationError
from wastewatch.tabular import upload_read


class EconomicFigureSerializer(serializers.ModelSerializer):
    credit_code = serializers.CharField(source="enterprise.credit_code")
    enterprise = serializers.CharField(source="enterprise.name")
    park = serializers.CharField(source="enterprise.park.code", allow_null=True, default=None)
    period = serializers.DateField(format="%Y-%m")
    updated_by = serializers.CharField(
        source="updated_by.get_username", allow_null=True, default=None
    )

    class Meta:
        model = EconomicFigure
        fields = [
            "credit_code",
            "enterprise",
            "park",
            "period",
            "output_value",
            "value_added",
            "source",
            "updated_by",
            "updated_at",
        ]


class FigureInputSerializer(serializers.Serializer):
    """One month of one enterprise, as text like a spreadsheet cell (validated by the service,
    so that JSON and files get the same reasons)."""

    credit_code = serializers.CharField()
    period = serializers.CharField(help_text="YYYY-MM")
    output_value = serializers.CharField(required=False, allow_blank=True, default="")
    value_added = serializers.CharField(required=False, allow_blank=True, default="")
    unit = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="万元 (default), 元, 千元, 亿元"
    )


class FiguresInputSerializer(serializers.Serializer):
    figures = FigureInputSerializer(many=True, allow_empty=False, max_length=10000)


class FileInputSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="Economic figures as .csv (UTF-8 or GB18030) or .xlsx.")


class FiguresSavedSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    notes = serializers.ListField(child=serializers.CharField())


class EconomicFigureFilter(django_filters.FilterSet):
    credit_code = django_filters.CharFilter(field_name="enterprise__credit_code")
    park = django_filters.CharFilter(field_name="enterprise__park__code", help_text="Park code.")
    period_from = django_filters.DateFilter(field_name="period", lookup_expr="gte")
    period_to = django_filters.DateFilter(field_name="period", lookup_expr="lte")

    class Meta:
        model = EconomicFigure
        fields = ["credit_code", "park", "period_from", "period_to"]


class EconomicFigureViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Monthly output value and industrial value added (万元) per enterprise. POST figures as
    JSON, or a file to `upload/`; park operators and enterprises send their own, staff any."""

    serializer_class = EconomicFigureSerializer
    filterset_class = EconomicFigureFilter
    parser_classes = [JSONParser]

    def get_queryset(self):
        return selectors.economic_figure_list(user=self.request.user).order_by(
            "enterprise__credit_code", "period"
        )

    @extend_schema(
        request=FiguresInputSerializer,
        responses={200: FiguresSavedSerializer},
        description="Saved whole, or refused whole (400) with extra.rows: "
        "{row (1 = the first item), column, value, reason}.",
    )
    def create(self, request: Request) -> Response:
        serializer = FiguresInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        rows = [
            (number, dict(item))
            for number, item in enumerate(serializer.validated_data["figures"], start=1)
        ]
        saved = economic_figures_save(actor=request.user, rows=rows, source="API")
        return _answer(saved)

    @extend_schema(
        request={"multipart/form-data": FileInputSerializer},
        responses={200: FiguresSavedSerializer},
        description="A file with the template's columns (Chinese or English headers); saved "
        "whole, or refused whole (400) with extra.rows: {row, column, value, reason}; 413 "
        "(code file_too_large) over TABLE_UPLOAD_MAX_BYTES. `notes` names workbook sheets "
        "other than the first that hold data (they are not read).",
    )
    @action(detail=False, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def upload(self, request: Request) -> Response:
        serializer = FileInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        upload = serializer.validated_data["file"]
        data = upload_read(upload, limit=settings.TABLE_UPLOAD_MAX_BYTES)
        saved = economic_figures_import(
            actor=request.user,
            name=upload.name,
            data=data,
            max_rows=settings.TABLE_UPLOAD_MAX_ROWS,
        )
        return _answer(saved)

    @extend_schema(responses={(200, "text/csv"): bytes}, filters=False)
    @action(detail=False, pagination_class=None, filterset_class=None)
    def template(self, request: Request) -> HttpResponse:
        """An upload template (CSV, headers in the request's language) with an example row."""
        response = HttpResponse(
            economic_figures_template_csv(language=get_language() or "zh-hans"),
            content_type="text/csv; charset=utf-8",
        )
        response["Content-Disposition"] = 'attachment; filename="economic-figures.csv"'
        return response


def _answer(saved: FiguresSaved) -> Response:
    if saved.errors:
        raise ApplicationError(
            _("Nothing was saved: %(count)d problem(s) to fix.") % {"count": len(saved.errors)},
            extra={"rows": saved.errors},
        )
    data = FiguresSavedSerializer(saved).data
    return Response(data, status=status.HTTP_200_OK)
