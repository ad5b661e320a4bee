"""Flags (suspected anomalies, with reasons and their review) and the trained detectors that
raise some of them."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from monitoring.models import WasteCategory


class Flag(models.Model):
    """A suspected anomaly of one enterprise, waste and month, found by a named rule or by the
    model, with reasons a regulator can act on, and its review.

    The waste is the ledger's: its 8-digit code where the ledger gives one (hazardous waste),
    otherwise the category; a check that sees only categories (weighbridges weigh categories)
    names the code when the enterprise keeps a single one of that category that month."""

    class Severity(models.IntegerChoices):
        LOW = 1, _("Low")
        MEDIUM = 2, _("Medium")
        HIGH = 3, _("High")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CONFIRMED = "confirmed", _("Confirmed")
        DISMISSED = "dismissed", _("Dismissed")
        CLEARED = "cleared", _("Cleared by new data")

    enterprise = models.ForeignKey(
        "parks.Enterprise",
        verbose_name=_("enterprise"),
        related_name="flags",
        on_delete=models.CASCADE,
    )
    category = models.ForeignKey(
        WasteCategory, verbose_name=_("waste category"), on_delete=models.PROTECT
    )
    waste_code = models.CharField(
        _("waste code"),
        max_length=10,
        blank=True,
        help_text=_("8-digit code, e.g. 900-249-08; empty for the whole category."),
    )
    period = models.DateField(_("period"), help_text=_("First day of the month."))
    kind = models.CharField(_("kind"), max_length=40, help_text=_('The rule\'s code, or "model".'))
    severity = models.PositiveSmallIntegerField(_("severity"), choices=Severity.choices)
    score = models.FloatField(_("score"), null=True, blank=True)
    detector = models.ForeignKey(
        "Detector",
        verbose_name=_("detector"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        help_text=_("The model version that scored it, for model flags."),
    )
    reasons = models.JSONField(
        _("reasons"), default=list, help_text="[{code, …figures}], rendered as sentences."
    )
    fingerprint = models.CharField(
        max_length=64,
        help_text="Hash of the figures behind the flag: re-scoring reopens a "
        "dismissed flag only when they change.",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_note = models.TextField(_("review note"), blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="flags_assigned",
        help_text=_("The colleague at the bureau who follows the flag up."),
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-period", "-severity", "enterprise_id"]
        verbose_name = _("flag")
        verbose_name_plural = _("flags")
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "category", "waste_code", "period", "kind"],
                name="flag_unique",
            )
        ]
        indexes = [
            # The regulator's queue: open flags, newest and most severe first.
            models.Index(fields=["status", "-period"], name="flag_status_period_idx"),
        ]

    def __str__(self) -> str:
        waste = self.waste_code or self.category_id
        return f"{self.kind} {self.enterprise_id} {waste} {self.period:%Y-%m}"


class FlagReview(models.Model):
    """Every review decision, kept: a reopened flag does not lose what was said before."""

    flag = models.ForeignKey(Flag, related_name="reviews", on_delete=models.CASCADE)
    status = models.CharField(max_length=12, choices=Flag.Status.choices)
    note = models.TextField(blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at"]
        verbose_name = _("flag review")
        verbose_name_plural = _("flag reviews")

    def __str__(self) -> str:
        return f"{self.flag_id} → {self.status}"


class Detector(models.Model):
    """A trained model version: what it is, what it was trained on, how well it did, and the
    artefact, checked by hash and scikit-learn version before it is trusted."""

    algorithm = models.CharField(_("algorithm"), max_length=100)
    parameters = models.JSONField(_("parameters"), default=dict)
    features = models.JSONField(_("features"), default=list)
    trained_from = models.DateField(_("trained from"))
    trained_until = models.DateField(_("trained until"))
    training_rows = models.PositiveIntegerField(_("training rows"))
    data_fingerprint = models.CharField(
        max_length=64, help_text="Hash of the training matrix: unchanged data, no retraining."
    )
    sklearn_version = models.CharField(_("scikit-learn version"), max_length=20)
    format_version = models.PositiveSmallIntegerField(default=1)
    metrics = models.JSONField(_("metrics"), default=dict, blank=True)
    artifact = models.FileField(_("artifact"), upload_to="detectors/")
    artifact_sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        get_latest_by = "created_at"
        verbose_name = _("detector")
        verbose_name_plural = _("detectors")

    def __str__(self) -> str:
        return f"{self.algorithm} #{self.pk} ({self.trained_from:%Y-%m}–{self.trained_until:%Y-%m})"
