"""Ledger API v1: uploads (file in, batch with its report out), confirmations, figures."""

import django_filters
from django.conf import settings
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from monitoring.filters import UploadBatchFilter
from monitoring.ledger import selectors
from monitoring.ledger.messages import batch_errors, batch_message
from monitoring.ledger.services import ledger_upload_confirm, upload_batch_create
from monitoring.ledger.template import error_report_csv, ledger_template_file
from monitoring.models import LedgerEntry, UploadBatch
from monitoring.permissions import IsPerson
from wastewatch.messages import message_render
from wastewatch.tabular import upload_read


class UploadErrorSerializer(serializers.Serializer):
    row = serializers.IntegerField(allow_null=True)
    column = serializers.CharField(help_text="The column's header, the reader's language first.")
    value = serializers.CharField(allow_null=True)
    reason = serializers.CharField(help_text="Why, in the reader's language.")


class UploadBatchSerializer(serializers.ModelSerializer):
    """A batch and its report, rendered in the requester's language (Accept-Language, or the
    language chosen in the portal); codes and parameters beside the text for programs."""

    uploaded_by = serializers.CharField(source="uploaded_by.get_username")
    confirmed_by = serializers.CharField(
        source="confirmed_by.get_username", allow_null=True, default=None
    )
    errors = serializers.SerializerMethodField()
    message = serializers.SerializerMethodField()
    notes = serializers.SerializerMethodField()

    @extend_schema_field(UploadErrorSerializer(many=True))
    def get_errors(self, batch: UploadBatch) -> list[dict]:
        return batch_errors(batch.errors)

    def get_message(self, batch: UploadBatch) -> str:
        return batch_message(batch)

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_notes(self, batch: UploadBatch) -> list[str]:
        return [message_render(note) for note in batch.notes]

    class Meta:
        model = UploadBatch
        fields = [
            "id",
            "original_name",
            "format",
            "size",
            "sha256",
            "status",
            "uploaded_by",
            "uploaded_at",
            "rows_total",
            "rows_checked",
            "rows_ingested",
            "error_count",
            "errors",
            "change_count",
            "changes",
            "message",
            "message_code",
            "message_params",
            "notes",
            "confirmed_by",
            "confirmed_at",
            "finished_at",
        ]


class UploadInputSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="A ledger as .csv (UTF-8 or GB18030) or .xlsx.")


class LedgerUploadViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Monthly ledger uploads. POST a file; follow the batch until it is ingested, rejected
    with its row-by-row report, or awaiting your confirmation of the figures it corrects."""

    serializer_class = UploadBatchSerializer
    permission_classes = [IsPerson]
    parser_classes = [MultiPartParser, FormParser]
    filterset_class = UploadBatchFilter

    def get_queryset(self):
        return selectors.upload_batch_list(user=self.request.user).order_by("-uploaded_at", "-pk")

    @extend_schema(
        request={"multipart/form-data": UploadInputSerializer},
        responses={202: UploadBatchSerializer, 200: UploadBatchSerializer},
        description="202 with a new batch; 200 with your first batch when you uploaded the "
        "same file before (it is never ingested twice); 413 (code file_too_large) over "
        "LEDGER_UPLOAD_MAX_BYTES.",
    )
    def create(self, request: Request) -> Response:
        data = UploadInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data["file"]
        body = upload_read(upload, limit=settings.LEDGER_UPLOAD_MAX_BYTES)
        batch, created = upload_batch_create(actor=request.user, name=upload.name, data=body)
        batch.refresh_from_db()
        return Response(
            UploadBatchSerializer(batch).data,
            status=status.HTTP_202_ACCEPTED if created else status.HTTP_200_OK,
        )

    @extend_schema(request=None, responses=UploadBatchSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request: Request, pk: str) -> Response:
        """Apply the correction listed in `changes` (the uploader, or staff)."""
        batch = ledger_upload_confirm(actor=request.user, batch=self.get_object())
        return Response(UploadBatchSerializer(batch).data)

    @extend_schema(responses={(200, "text/csv"): OpenApiTypes.BINARY})
    @action(detail=True, url_path="error-report")
    def errors_csv(self, request: Request, pk: str) -> HttpResponse:
        """The row-by-row error report as CSV (row, column, value, reason)."""
        batch = self.get_object()
        response = HttpResponse(error_report_csv(batch.errors), content_type="text/csv")
        response["Content-Disposition"] = f'attachment; filename="upload-{batch.pk}-errors.csv"'
        return response


class LedgerTemplateApi(APIView):
    """The upload template: ?file_format=csv|xlsx&lang=zh-hans|en."""

    permission_classes = []

    @extend_schema(
        parameters=[
            OpenApiParameter("file_format", enum=["csv", "xlsx"], default="xlsx"),
            OpenApiParameter("lang", enum=["zh-hans", "en"], default="zh-hans"),
        ],
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
    )
    def get(self, request: Request) -> HttpResponse:
        body, kind, name = ledger_template_file(
            file_format=request.query_params.get("file_format", "xlsx"),
            language="en" if request.query_params.get("lang") == "en" else "zh-hans",
        )
        response = HttpResponse(body, content_type=kind)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class LedgerEntrySerializer(serializers.ModelSerializer):
    enterprise = serializers.CharField(source="enterprise.credit_code")
    category = serializers.CharField(source="category.code")
    created_by = serializers.CharField(
        source="created_by.get_username", allow_null=True, default=None
    )
    batch = serializers.IntegerField(source="batch_id", allow_null=True)
    superseded_by_batch = serializers.IntegerField(source="superseded_by_batch_id", allow_null=True)

    class Meta:
        model = LedgerEntry
        fields = [
            "id",
            "enterprise",
            "category",
            "waste_code",
            "period",
            "flow",
            "counterparty",
            "purpose",
            "quantity_t",
            "source",
            "batch",
            "created_by",
            "created_at",
            "superseded_at",
            "superseded_by_batch",
        ]


class LedgerEntryFilter(django_filters.FilterSet):
    enterprise = django_filters.CharFilter(field_name="enterprise__credit_code")
    category = django_filters.CharFilter(field_name="category__code")
    period = django_filters.DateFilter(help_text="First day of the month, e.g. 2026-10-01.")
    period_from = django_filters.DateFilter(field_name="period", lookup_expr="gte")
    period_to = django_filters.DateFilter(field_name="period", lookup_expr="lte")
    park = django_filters.CharFilter(field_name="enterprise__park__code", help_text="Park code.")
    include_superseded = django_filters.BooleanFilter(
        method="filter_nothing", help_text="true: every version of each figure (its history)."
    )

    class Meta:
        model = LedgerEntry
        fields = [
            "enterprise",
            "category",
            "period",
            "period_from",
            "period_to",
            "park",
            "flow",
            "waste_code",
            "counterparty",
            "purpose",
        ]

    def filter_nothing(self, queryset, name, value):
        return queryset  # read by the view to choose the base queryset


class LedgerEntryViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Ledger figures; with include_superseded=true, the history of each figure: who changed
    it, when, and through which upload."""

    serializer_class = LedgerEntrySerializer
    permission_classes = [IsPerson]
    filterset_class = LedgerEntryFilter

    def get_queryset(self):
        history = self.request.query_params.get("include_superseded") in ("true", "1", "True")
        return selectors.ledger_entry_list(user=self.request.user, current_only=not history)
