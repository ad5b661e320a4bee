"""What a park enters in its evaluation: values (as JSON or a file), basic requirements,
evidence files, and the values derived from its ledgers. Draft or returned evaluations only;
the rules are evaluation.services'."""

from django.conf import settings
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from evaluation import services
from evaluation.api.serializers import IndicatorValueSerializer, ParkEvaluationDetailSerializer
from evaluation.models import Indicator, ParkEvaluation
from evaluation.uploads import evaluation_values_import
from wastewatch.api.exceptions import ApplicationError
from wastewatch.files import protected_file_response
from wastewatch.tabular import FileRejected, upload_read


class ValueInputSerializer(serializers.Serializer):
    indicator = serializers.IntegerField(min_value=1, max_value=999, help_text="Its number.")
    value = serializers.DecimalField(
        max_digits=20,
        decimal_places=6,
        allow_null=True,
        required=False,
        default=None,
        help_text="Quantitative indicators; null with a note 'not computable: …' says why.",
    )
    met = serializers.BooleanField(
        allow_null=True, required=False, default=None, help_text="Qualitative indicators."
    )
    note = serializers.CharField(
        allow_blank=True, required=False, default="", max_length=services.MAX_NOTE
    )


class ValuesFileInputSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="The evaluation's values as .csv or .xlsx.")


class EligibilityInputSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=64, help_text="A requirement code of the edition.")
    met = serializers.BooleanField()
    evidence = serializers.CharField(
        allow_blank=True, required=False, default="", max_length=services.MAX_NOTE
    )


class EvidenceInputSerializer(serializers.Serializer):
    indicator = serializers.IntegerField(min_value=1, max_value=999, help_text="Its number.")
    file = serializers.FileField(help_text="pdf, image, spreadsheet, Word or zip; ≤ 20 MB.")


class EvaluationValuesActions:
    """The park-evaluations/{id}/ actions that write the park's figures."""

    @extend_schema(
        request=ValueInputSerializer(many=True),
        responses=ParkEvaluationDetailSerializer,
        description="Set the listed indicators' values (others are left as they are), all or "
        "none: a refusal (400) lists extra.items: {item (1 = the first), indicator, reason}. "
        "PUT and PATCH do the same. Draft or returned evaluations only.",
    )
    @action(detail=True, methods=["put", "patch"], filterset_class=None)
    def values(self, request: Request, pk: str) -> Response:
        evaluation = self.get_object()
        data = ValueInputSerializer(data=request.data, many=True, max_length=500)
        data.is_valid(raise_exception=True)
        items = [services.ValueInput(**item) for item in data.validated_data]
        try:
            services.indicator_values_set(actor=request.user, evaluation=evaluation, items=items)
        except services.ValuesRejected as rejected:
            raise ApplicationError(rejected.messages[0], extra={"items": rejected.items}) from None
        return self._detail(evaluation)

    @extend_schema(
        request={"multipart/form-data": ValuesFileInputSerializer},
        responses=ParkEvaluationDetailSerializer,
        description="The values as a CSV/XLSX file: columns 序号/number, 数值/value (是/否 for "
        "qualitative indicators), 备注/note (指标/indicator is read by people only). All or "
        "none: a refusal (400) lists extra.items: {item (the file's row), indicator, reason}; "
        "413 (code file_too_large) over TABLE_UPLOAD_MAX_BYTES.",
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="values/upload",
        url_name="values-upload",
        parser_classes=[MultiPartParser],
        filterset_class=None,
    )
    def values_upload(self, request: Request, pk: str) -> Response:
        evaluation = self.get_object()
        data = ValuesFileInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data["file"]
        body = upload_read(upload, limit=settings.TABLE_UPLOAD_MAX_BYTES)  # 413 when over
        try:
            evaluation_values_import(
                actor=request.user, evaluation=evaluation, name=upload.name, data=body
            )
        except FileRejected as rejected:
            raise ApplicationError(str(rejected)) from None
        except services.ValuesRejected as rejected:
            raise ApplicationError(rejected.messages[0], extra={"items": rejected.items}) from None
        return self._detail(evaluation)

    @extend_schema(
        request=EligibilityInputSerializer(many=True),
        responses=ParkEvaluationDetailSerializer,
        description="Record whether the park meets the listed basic requirements; the others "
        "keep their answers. PUT and PATCH do the same.",
    )
    @action(detail=True, methods=["put", "patch"], filterset_class=None)
    def eligibility(self, request: Request, pk: str) -> Response:
        evaluation = self.get_object()
        data = EligibilityInputSerializer(data=request.data, many=True, max_length=100)
        data.is_valid(raise_exception=True)
        items = {
            item["code"]: {"met": item["met"], "evidence": item["evidence"]}
            for item in data.validated_data
        }
        services.evaluation_eligibility_set(actor=request.user, evaluation=evaluation, items=items)
        return self._detail(evaluation)

    @extend_schema(
        request={"multipart/form-data": EvidenceInputSerializer},
        responses=IndicatorValueSerializer,
    )
    @action(
        detail=True,
        methods=["post"],
        parser_classes=[MultiPartParser, FormParser],
        filterset_class=None,
        url_path="evidence",
    )
    def evidence(self, request: Request, pk: str) -> Response:
        """Attach a supporting document to an indicator's value."""
        evaluation = self.get_object()
        data = EvidenceInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        indicator = _indicator(evaluation, data.validated_data["indicator"])
        value = services.indicator_evidence_attach(
            actor=request.user,
            evaluation=evaluation,
            indicator=indicator,
            evidence=data.validated_data["file"],
        )
        return Response(IndicatorValueSerializer(value).data)

    @extend_schema(
        responses={
            (200, "application/octet-stream"): OpenApiResponse(
                response=bytes, description="The evidence file."
            )
        },
        filters=False,
    )
    @action(
        detail=True,
        methods=["get"],
        filterset_class=None,
        url_path=r"evidence/(?P<number>[0-9]{1,3})",
        url_name="evidence-file",
    )
    def evidence_file(self, request: Request, pk: str, number: str) -> HttpResponse:
        """Download an indicator's evidence file (readers of the evaluation only)."""
        evaluation = self.get_object()
        value = evaluation.values.filter(indicator__number=int(number)).first()
        if value is None or not value.evidence:
            raise Http404
        return protected_file_response(value.evidence)

    @extend_schema(request=None, responses=ParkEvaluationDetailSerializer)
    @action(detail=True, methods=["post"], filterset_class=None)
    def derive(self, request: Request, pk: str) -> Response:
        """Compute the derived indicators (#6, #21) from the park's ledgers of the year; each
        value's trace names its terms and the ledger rows it came from."""
        services.evaluation_derive(actor=request.user, evaluation=self.get_object())
        return self._detail(self.get_object())


def _indicator(evaluation: ParkEvaluation, number: int) -> Indicator:
    indicator = evaluation.edition.indicators.filter(number=number).first()
    if indicator is None:
        raise ApplicationError(
            _("There is no indicator %(number)s in edition %(edition)s.")
            % {"number": number, "edition": evaluation.edition.code}
        )
    return indicator
