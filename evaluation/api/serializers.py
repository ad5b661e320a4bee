"""Output serializers shared by the evaluation endpoints: an evaluation, its values (a derived
one's formula and terms in words) and its computed score."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from evaluation import scoring
from evaluation.models import IndicatorValue, ParkEvaluation
from evaluation.traces import trace_explain


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
