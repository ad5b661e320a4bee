"""Reports API v1: issued reports and their files, scoped like the data; issuing on demand
for the regulator and staff."""

from datetime import date

import django_filters
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from monitoring.permissions import IsPerson
from parks.models import Enterprise, Park
from reports.models import ComplianceReport, ReportFile
from reports.selectors import report_list
from reports.services import report_can_issue, report_file_downloaded, report_issue
from wastewatch.files import protected_file_response


class ReportFileSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="Where to download the file.")

    class Meta:
        model = ReportFile
        fields = ["format", "sha256", "size_bytes", "url"]

    def get_url(self, file: ReportFile) -> str:
        return f"/api/v1/reports/{file.report_id}/files/{file.format}/"


class ReportSerializer(serializers.ModelSerializer):
    park = serializers.CharField(source="park.code", allow_null=True, default=None)
    enterprise = serializers.CharField(
        source="enterprise.credit_code",
        allow_null=True,
        default=None,
        help_text="A declaration's enterprise (credit code); null for the city's and parks'.",
    )
    issued_by = serializers.CharField(
        source="issued_by.get_username", allow_null=True, default=None
    )
    files = ReportFileSerializer(many=True, read_only=True)

    class Meta:
        model = ComplianceReport
        fields = [
            "id",
            "scope",
            "park",
            "enterprise",
            "span",
            "period",
            "language",
            "version",
            "cutoff",
            "issued_at",
            "issued_by",
            "figures_sha256",
            "changes",
            "files",
        ]


class ReportIssueSerializer(serializers.Serializer):
    period = serializers.RegexField(r"^\d{4}-(0[1-9]|1[0-2])$", help_text="The month, YYYY-MM.")
    park = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Park.objects.all(),
        required=False,
        allow_null=True,
        help_text="A park's code; omitted or null: the city.",
    )
    enterprise = serializers.SlugRelatedField(
        slug_field="credit_code",
        queryset=Enterprise.objects.all(),
        required=False,
        allow_null=True,
        help_text="An enterprise's credit code: its declaration instead of a report.",
    )
    span = serializers.ChoiceField(
        choices=ComplianceReport.Span.values,
        default=ComplianceReport.Span.MONTH,
        help_text="A declaration's span, holding `period`: month, quarter or year.",
    )
    language = serializers.ChoiceField(
        choices=ComplianceReport.Language.values, default=ComplianceReport.Language.ZH_HANS
    )

    def validate_period(self, value: str) -> date:
        try:
            month = date.fromisoformat(f"{value}-01")
        except ValueError:
            month = None
        if month is None or month.year < 2000:
            raise serializers.ValidationError("The month is before the platform's records.")
        return month

    def validate(self, data: dict) -> dict:
        if data.get("enterprise") is not None and data.get("park") is not None:
            raise serializers.ValidationError({"park": "A declaration is an enterprise's."})
        if data.get("enterprise") is None and data["span"] != ComplianceReport.Span.MONTH:
            raise serializers.ValidationError({"span": "Only a declaration spans more."})
        return data


class ReportFilter(django_filters.FilterSet):
    park = django_filters.CharFilter(field_name="park__code")
    enterprise = django_filters.CharFilter(field_name="enterprise__credit_code")
    period = django_filters.DateFilter()

    class Meta:
        model = ComplianceReport
        fields = ["scope", "park", "enterprise", "span", "period", "language", "version"]


class ReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Issued compliance reports and declarations: the regulator and staff read all, an
    operator its parks' and their enterprises' declarations, an enterprise user its own
    declarations."""

    permission_classes = [IsPerson]
    serializer_class = ReportSerializer
    filterset_class = ReportFilter

    def get_queryset(self):
        return report_list(user=self.request.user)

    @extend_schema(
        request=ReportIssueSerializer,
        responses={
            201: ReportSerializer,
            200: OpenApiResponse(ReportSerializer, description="Unchanged: the latest version."),
        },
    )
    @action(detail=False, methods=["post"])
    def issue(self, request: Request) -> Response:
        """Issue a month's report, or with `enterprise` its declaration for `span`, now
        (regulator and staff). The same figures as the latest version answer 200 with it;
        changed figures make the next version (201)."""
        if not report_can_issue(user=request.user):
            raise PermissionDenied
        data = ReportIssueSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        issued = report_issue(
            park=data.validated_data.get("park"),
            period=data.validated_data["period"],
            language=data.validated_data["language"],
            actor=request.user,
            enterprise=data.validated_data.get("enterprise"),
            span=data.validated_data["span"],
        )
        return Response(
            ReportSerializer(issued.report).data,
            status=status.HTTP_201_CREATED if issued.created else status.HTTP_200_OK,
        )

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "file_format", str, OpenApiParameter.PATH, enum=ReportFile.Format.values
            )
        ],
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
    )
    @action(detail=True, methods=["get"], url_path=r"files/(?P<file_format>xlsx|csv|pdf)")
    def files(self, request: Request, pk: str, file_format: str) -> HttpResponse:
        """Download one of the report's files (logged)."""
        report = self.get_object()
        stored = report.files.filter(format=file_format).first()
        if stored is None:
            raise Http404
        report_file_downloaded(file=stored, user=request.user, via="api")
        return protected_file_response(stored.file)
