"""Green-park evaluation API v1: the indicator catalogue, each park's yearly evaluation and its
workflow, the city ranking and a park's three-year history. Reads go through selectors,
writes through services; the score is computed by evaluation.scoring."""

import django_filters
from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from evaluation import scoring, selectors, services
from evaluation.models import (
    Indicator,
    IndicatorEdition,
    IndicatorGroup,
    IndicatorValue,
    ParkEvaluation,
    Verification,
)
from evaluation.traces import trace_explain
from evaluation.uploads import evaluation_values_import
from monitoring.permissions import IsPerson
from parks.models import Park
from parks.selectors import park_list
from wastewatch.api.exceptions import ApplicationError
from wastewatch.files import protected_file_response
from wastewatch.tabular import FileRejected, upload_read

# The catalogue ------------------------------------------------------------------------------


class RequirementSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    name_en = serializers.CharField(default="")
    verification = serializers.ChoiceField(choices=Verification.choices)
    note = serializers.CharField(default="")


class IndicatorGroupSerializer(serializers.ModelSerializer):
    class Meta:
        model = IndicatorGroup
        fields = ["code", "name", "name_en", "weight", "order", "note"]


class IndicatorSerializer(serializers.ModelSerializer):
    group = serializers.CharField(source="group.code", help_text="EG, RG, IG, CG, HG or MG.")

    class Meta:
        model = Indicator
        fields = [
            "number",
            "group",
            "name",
            "name_en",
            "unit",
            "direction",
            "mandatory",
            "fails_below_benchmark",
            "benchmark",
            "benchmark_text",
            "input",
            "derivation",
            "verification",
            "note",
        ]


class IndicatorEditionSerializer(serializers.ModelSerializer):
    requirements = RequirementSerializer(
        many=True, help_text="Basic requirements: every one must be met to pass."
    )
    groups = IndicatorGroupSerializer(many=True)
    indicators = IndicatorSerializer(many=True)

    class Meta:
        model = IndicatorEdition
        fields = [
            "code",
            "name",
            "document",
            "pass_mark",
            "note",
            "requirements",
            "groups",
            "indicators",
        ]


class IndicatorEditionViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Indicator systems with their groups, weights, indicators and benchmarks (configured by
    staff in the admin; unverified figures are marked)."""

    permission_classes = [IsPerson]
    serializer_class = IndicatorEditionSerializer
    lookup_field = "code"
    lookup_value_regex = "[-a-zA-Z0-9_]+"
    filterset_class = None

    def get_queryset(self) -> QuerySet[IndicatorEdition]:
        return selectors.edition_list().order_by("code")


# Scores, as computed ------------------------------------------------------------------------


class IndicatorScoreSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    group = serializers.CharField()
    mandatory = serializers.BooleanField()
    value = serializers.DecimalField(max_digits=20, decimal_places=6, allow_null=True)
    met = serializers.BooleanField(allow_null=True)
    status = serializers.ChoiceField(
        choices=[scoring.SCORED, scoring.MISSING, scoring.NOT_COMPUTABLE],
        help_text="scored; missing (no value); not_computable (no value, a note says why).",
    )
    r = serializers.DecimalField(
        max_digits=7,
        decimal_places=6,
        allow_null=True,
        help_text="Attainment of the benchmark, 0–1; null when left out (optional, no value).",
    )
    passed = serializers.BooleanField(allow_null=True, help_text="Mandatory indicators only.")
    below_benchmark = serializers.BooleanField(
        allow_null=True,
        help_text="Scored short of the benchmark (r < 1: below it, above it for lower is "
        "better, or not met); null without a value.",
    )
    benchmark = serializers.DecimalField(
        max_digits=20,
        decimal_places=6,
        allow_null=True,
        help_text="The benchmark the score used; null for qualitative indicators.",
    )


class GroupScoreSerializer(serializers.Serializer):
    code = serializers.CharField()
    weight = serializers.DecimalField(max_digits=8, decimal_places=6)
    mean = serializers.DecimalField(
        max_digits=7,
        decimal_places=6,
        allow_null=True,
        help_text="Mean r of the scored indicators; null: nothing scored, left out of GI.",
    )
    scored = serializers.IntegerField()


class EvaluationScoreSerializer(serializers.Serializer):
    gi = serializers.DecimalField(
        max_digits=5, decimal_places=2, help_text="Green index, 0–100 (rounded half up)."
    )
    pass_mark = serializers.DecimalField(max_digits=5, decimal_places=2)
    passed = serializers.BooleanField()
    failed_mandatory = serializers.ListField(child=serializers.IntegerField())
    below_benchmark = serializers.ListField(
        child=serializers.IntegerField(), help_text="Indicators short of their benchmark."
    )
    mandatory_below_benchmark = serializers.ListField(
        child=serializers.IntegerField(), help_text="The mandatory ones among them."
    )
    eligibility_failures = serializers.ListField(child=serializers.CharField())
    groups = GroupScoreSerializer(many=True)
    indicators = IndicatorScoreSerializer(many=True)


# Evaluations --------------------------------------------------------------------------------


class TraceTermSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="The term's key in `trace.figures`.")
    name = serializers.CharField(help_text="Its name in the reader's language.")
    value = serializers.FloatField()
    unit = serializers.CharField()


class TraceExplainedSerializer(serializers.Serializer):
    formula = serializers.CharField(help_text="The formula in words, in the reader's language.")
    terms = TraceTermSerializer(many=True)


class IndicatorValueSerializer(serializers.ModelSerializer):
    indicator = serializers.IntegerField(source="indicator.number")
    name = serializers.CharField(source="indicator.name")
    evidence = serializers.SerializerMethodField(
        help_text="Download path of the evidence file; null without one."
    )
    updated_by = serializers.CharField(
        source="updated_by.get_username", allow_null=True, default=None
    )
    explanation = serializers.SerializerMethodField(
        help_text="A derived value's formula and terms in words; null for other values."
    )

    class Meta:
        model = IndicatorValue
        fields = [
            "indicator",
            "name",
            "value",
            "met",
            "source",
            "note",
            "evidence",
            "trace",
            "explanation",
            "updated_by",
            "updated_at",
        ]

    @extend_schema_field(TraceExplainedSerializer(allow_null=True))
    def get_explanation(self, value: IndicatorValue) -> dict | None:
        explained = trace_explain(value.trace)
        return None if explained is None else TraceExplainedSerializer(explained).data

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_evidence(self, value: IndicatorValue) -> str | None:
        if not value.evidence:
            return None
        return reverse(
            "v1:park-evaluation-evidence-file",
            kwargs={"pk": value.evaluation_id, "number": value.indicator.number},
        )


class ParkEvaluationSerializer(serializers.ModelSerializer):
    park = serializers.CharField(source="park.code")
    park_name = serializers.CharField(source="park.name")
    edition = serializers.CharField(source="edition.code")
    score = serializers.DecimalField(
        max_digits=5,
        decimal_places=2,
        allow_null=True,
        help_text="GI at approval; null until approved.",
    )
    passed = serializers.BooleanField(allow_null=True, help_text="At approval; null until then.")
    created_by = serializers.CharField(
        source="created_by.get_username", allow_null=True, default=None
    )
    submitted_by = serializers.CharField(
        source="submitted_by.get_username", allow_null=True, default=None
    )
    reviewed_by = serializers.CharField(
        source="reviewed_by.get_username", allow_null=True, default=None
    )

    class Meta:
        model = ParkEvaluation
        fields = [
            "id",
            "park",
            "park_name",
            "year",
            "edition",
            "version",
            "status",
            "score",
            "passed",
            "created_by",
            "created_at",
            "updated_at",
            "submitted_by",
            "submitted_at",
            "reviewed_by",
            "reviewed_at",
            "review_comment",
        ]


class EligibilitySerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    met = serializers.BooleanField(allow_null=True, help_text="null: not answered yet.")
    evidence = serializers.CharField()


class ParkEvaluationDetailSerializer(ParkEvaluationSerializer):
    eligibility = serializers.SerializerMethodField()
    values = IndicatorValueSerializer(many=True)
    computed = serializers.SerializerMethodField(
        help_text="The score: frozen at approval, else computed from the current values."
    )

    class Meta(ParkEvaluationSerializer.Meta):
        fields = [*ParkEvaluationSerializer.Meta.fields, "eligibility", "values", "computed"]

    @extend_schema_field(EligibilitySerializer(many=True))
    def get_eligibility(self, evaluation: ParkEvaluation) -> list[dict]:
        rows = []
        for requirement in evaluation.edition.requirements:
            answer = evaluation.eligibility.get(requirement["code"]) or {}
            rows.append(
                {
                    "code": requirement["code"],
                    "name": requirement["name"],
                    "met": answer.get("met"),
                    "evidence": answer.get("evidence", ""),
                }
            )
        return EligibilitySerializer(rows, many=True).data

    @extend_schema_field(EvaluationScoreSerializer)
    def get_computed(self, evaluation: ParkEvaluation) -> dict:
        return EvaluationScoreSerializer(scoring.evaluation_score(evaluation=evaluation)).data


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


class CommentInputSerializer(serializers.Serializer):
    comment = serializers.CharField(
        allow_blank=True,
        required=False,
        default="",
        max_length=4000,
        help_text="Required when returning: what the park should change.",
    )


class ParkEvaluationFilter(django_filters.FilterSet):
    park = django_filters.CharFilter(field_name="park__code", help_text="Park code.")
    edition = django_filters.CharFilter(field_name="edition__code", help_text="Edition code.")
    year = django_filters.NumberFilter()
    status = django_filters.ChoiceFilter(choices=ParkEvaluation.Status.choices)

    class Meta:
        model = ParkEvaluation
        fields = ["park", "year", "status", "edition"]


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


class ParkEvaluationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
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


def _edition(code: str | None) -> IndicatorEdition:
    edition = (
        IndicatorEdition.objects.filter(code=code).first() if code else selectors.edition_default()
    )
    if edition is None:
        raise ApplicationError(_("No such indicator edition."))
    return edition


def _indicator(evaluation: ParkEvaluation, number: int) -> Indicator:
    indicator = evaluation.edition.indicators.filter(number=number).first()
    if indicator is None:
        raise ApplicationError(
            _("There is no indicator %(number)s in edition %(edition)s.")
            % {"number": number, "edition": evaluation.edition.code}
        )
    return indicator
