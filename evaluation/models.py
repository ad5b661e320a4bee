"""The yearly green-park evaluation (绿色园区评价): an indicator edition with its groups and
indicators (the configuration staff keep in the admin), and each park's evaluation of a year
with its indicator values.

The weights, benchmarks and pass mark are rows, not code, because the reference could verify
only part of them; staff correct them in the admin without a release.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

EVIDENCE_EXTENSIONS = ["pdf", "jpg", "jpeg", "png", "xlsx", "xls", "csv", "doc", "docx", "zip"]


class Verification(models.TextChoices):
    """How far a figure was checked against its primary source (the reference's marks)."""

    VERIFIED = "verified", _("Verified [V]")
    PARTLY = "partly", _("Partly verified [P]")
    UNVERIFIED = "unverified", _("Unverified [U]")


class IndicatorEdition(models.Model):
    """One published indicator system, e.g. MIIT's 2016 green-park evaluation requirements.

    `requirements` lists the basic requirements (the pass/fail gate before any score) as
    [{code, name, name_en, verification, note}]: they differ between editions, like the
    indicators.
    """

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=200)
    document = models.CharField(
        _("document"), max_length=200, blank=True, help_text=_("e.g. 工信厅节函〔2016〕586号")
    )
    pass_mark = models.DecimalField(
        _("pass mark"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("60"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("The green index (GI, 0–100) a park must reach."),
    )
    requirements = models.JSONField(
        _("basic requirements"),
        default=list,
        blank=True,
        help_text="[{code, name, name_en, verification, note}]",
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("indicator edition")
        verbose_name_plural = _("indicator editions")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def requirement_codes(self) -> list[str]:
        return [item["code"] for item in self.requirements]


class IndicatorGroup(models.Model):
    """A category of indicators (energy, resources, …) and its weight in the green index."""

    edition = models.ForeignKey(
        IndicatorEdition,
        verbose_name=_("edition"),
        related_name="groups",
        on_delete=models.CASCADE,
    )
    code = models.CharField(_("code"), max_length=8, help_text=_("EG, RG, IG, CG, HG or MG."))
    name = models.CharField(_("name"), max_length=100, help_text=_("Chinese name."))
    name_en = models.CharField(_("English name"), max_length=100, blank=True)
    weight = models.DecimalField(
        _("weight"),
        max_digits=8,
        decimal_places=6,
        validators=[MinValueValidator(0)],
        help_text=_("Relative weight; the index divides by the sum of the weights used."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["edition", "order", "code"]
        verbose_name = _("indicator group")
        verbose_name_plural = _("indicator groups")
        constraints = [
            models.UniqueConstraint(fields=["edition", "code"], name="indicator_group_unique"),
            models.CheckConstraint(
                condition=models.Q(weight__gte=0), name="indicator_group_weight_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Indicator(models.Model):
    """One indicator of an edition: what is measured, which way is better, its benchmark."""

    class Direction(models.TextChoices):
        HIGHER = "higher", _("Higher is better")
        LOWER = "lower", _("Lower is better")
        QUALITATIVE = "qualitative", _("Qualitative (met or not)")

    class Input(models.TextChoices):
        ENTERED = "entered", _("Entered by the park")
        DERIVED = "derived", _("Derived from monitoring data")

    edition = models.ForeignKey(
        IndicatorEdition,
        verbose_name=_("edition"),
        related_name="indicators",
        on_delete=models.CASCADE,
    )
    group = models.ForeignKey(
        IndicatorGroup,
        verbose_name=_("group"),
        related_name="indicators",
        on_delete=models.PROTECT,
    )
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=200, help_text=_("Chinese name."))
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    unit = models.CharField(_("unit"), max_length=32, blank=True, help_text=_("e.g. %, t/万元."))
    direction = models.CharField(
        pgettext_lazy("indicator", "direction"), max_length=12, choices=Direction.choices
    )
    mandatory = models.BooleanField(_("mandatory"), default=False)
    fails_below_benchmark = models.BooleanField(
        _("fails the park below its benchmark"),
        default=False,
        help_text=_(
            "Mandatory quantitative indicators: a value short of the benchmark fails the park, "
            "whatever the green index. Off: it only lowers the index."
        ),
    )
    benchmark = models.DecimalField(
        _("benchmark (引领值)"),
        max_digits=20,
        decimal_places=6,
        null=True,
        blank=True,
        help_text=_("Required and positive unless the indicator is qualitative."),
    )
    benchmark_text = models.CharField(
        _("benchmark (text)"),
        max_length=32,
        blank=True,
        help_text=_("For qualitative indicators, e.g. 具备, 是, 完善, 定期."),
    )
    input = models.CharField(_("input"), max_length=8, choices=Input.choices, default=Input.ENTERED)
    derivation = models.SlugField(
        _("derivation"),
        max_length=64,
        blank=True,
        help_text=_("For derived indicators: the computation that produces the value."),
    )
    verification = models.CharField(
        _("verification"),
        max_length=12,
        choices=Verification.choices,
        default=Verification.UNVERIFIED,
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["edition", "number"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.UniqueConstraint(fields=["edition", "number"], name="indicator_unique"),
            # A quantitative indicator cannot be scored without a positive benchmark.
            models.CheckConstraint(
                condition=models.Q(direction="qualitative") | models.Q(benchmark__gt=0),
                name="indicator_quantitative_has_benchmark",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"

    @property
    def is_qualitative(self) -> bool:
        return self.direction == self.Direction.QUALITATIVE

    def clean(self) -> None:
        errors = {}
        if self.group_id and self.edition_id and self.group.edition_id != self.edition_id:
            errors["group"] = _("The group belongs to another edition.")
        if not self.is_qualitative and (self.benchmark is None or self.benchmark <= 0):
            errors["benchmark"] = _("A quantitative indicator needs a positive benchmark.")
        if self.fails_below_benchmark and (self.is_qualitative or not self.mandatory):
            errors["fails_below_benchmark"] = _(
                "Only a mandatory quantitative indicator can fail the park below its benchmark."
            )
        if self.input == self.Input.DERIVED and not self.derivation:
            errors["derivation"] = _("Say which computation derives the value.")
        if errors:
            raise ValidationError(errors)


class ParkEvaluation(models.Model):
    """One park's evaluation of one year: a draft the park fills in, submits, and the regulator
    approves or returns. An approved version is frozen; a correction is a new version."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned for changes")

    park = models.ForeignKey(
        "parks.Park",
        verbose_name=_("park"),
        related_name="evaluations",
        on_delete=models.PROTECT,
    )
    year = models.PositiveSmallIntegerField(_("year"))
    edition = models.ForeignKey(
        IndicatorEdition,
        verbose_name=_("edition"),
        related_name="evaluations",
        on_delete=models.PROTECT,
    )
    version = models.PositiveSmallIntegerField(
        _("version"), default=1, validators=[MinValueValidator(1)]
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    eligibility = models.JSONField(
        _("basic requirements"),
        default=dict,
        blank=True,
        help_text='{requirement code: {"met": bool, "evidence": str}}',
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_comment = models.TextField(_("review comment"), blank=True)
    score = models.DecimalField(
        _("green index at approval"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
    )
    passed = models.BooleanField(_("passed at approval"), null=True, blank=True)
    score_detail = models.JSONField(
        _("score at approval"),
        null=True,
        blank=True,
        editable=False,
        help_text="The whole computed score, frozen at approval: later changes to weights or "
        "benchmarks do not alter an approved result.",
    )

    class Meta:
        ordering = ["-year", "park", "-version"]
        verbose_name = _("park evaluation")
        verbose_name_plural = _("park evaluations")
        constraints = [
            models.UniqueConstraint(
                fields=["park", "year", "version"], name="park_evaluation_unique_version"
            ),
            # At most one version in progress (not approved) per park and year.
            models.UniqueConstraint(
                fields=["park", "year"],
                condition=~models.Q(status="approved"),
                name="park_evaluation_one_open_version",
            ),
            # The ranking reads the GI an evaluation was approved with.
            models.CheckConstraint(
                condition=~models.Q(status="approved")
                | models.Q(score__isnull=False, passed__isnull=False),
                name="park_evaluation_approved_has_score",
            ),
        ]
        indexes = [
            # The ranking: approved evaluations of a year and edition.
            models.Index(fields=["year", "edition", "status"], name="park_evaluation_rank_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.park} {self.year} v{self.version}"

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)


class IndicatorValue(models.Model):
    """A park's value of one indicator in one evaluation, with where it came from.

    A value that cannot be computed (e.g. a zero denominator) is stored as NULL with a note
    starting "not computable:", so that the score shows why it is missing.
    """

    class Source(models.TextChoices):
        ENTERED = "entered", _("Entered")
        UPLOADED = "uploaded", _("Uploaded")
        DERIVED = "derived", _("Derived from monitoring data")

    evaluation = models.ForeignKey(
        ParkEvaluation,
        verbose_name=_("evaluation"),
        related_name="values",
        on_delete=models.CASCADE,
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), related_name="values", on_delete=models.PROTECT
    )
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=6, null=True, blank=True)
    met = models.BooleanField(
        _("met"), null=True, blank=True, help_text=_("For qualitative indicators.")
    )
    source = models.CharField(
        _("source"), max_length=8, choices=Source.choices, default=Source.ENTERED
    )
    evidence = models.FileField(
        _("evidence"),
        upload_to="evaluation/evidence/%Y/",
        blank=True,
        max_length=255,
        validators=[FileExtensionValidator(EVIDENCE_EXTENSIONS)],
    )
    note = models.TextField(_("note"), blank=True)
    trace = models.JSONField(
        _("trace"),
        default=dict,
        blank=True,
        help_text="For derived values: the figures they were computed from.",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["evaluation", "indicator__number"]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "indicator"], name="indicator_value_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.evaluation} #{self.indicator.number}"
