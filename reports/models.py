"""Compliance reports: issued once, immutable. A report is one scope (the city, a park, or an
enterprise's declaration), span (a month; a declaration also a quarter or a year), period and
language, in a numbered version; its files are stored with their SHA-256 and
size, and the figures' cut-off. A late correction never changes an issued report: re-issuing
makes the next version, which says what changed since the previous one."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ComplianceReport(models.Model):
    class Scope(models.TextChoices):
        CITY = "city", _("City")
        PARK = "park", _("Park")
        ENTERPRISE = "enterprise", _("Enterprise declaration")

    class Span(models.TextChoices):
        MONTH = "month", pgettext_lazy("span", "Month")
        QUARTER = "quarter", pgettext_lazy("span", "Quarter")
        YEAR = "year", pgettext_lazy("span", "Year")

    class Language(models.TextChoices):
        ZH_HANS = "zh-hans", "简体中文"
        EN = "en", "English"

    scope = models.CharField(_("scope"), max_length=10, choices=Scope.choices)
    park = models.ForeignKey(
        "parks.Park",
        verbose_name=_("park"),
        null=True,
        blank=True,
        related_name="reports",
        on_delete=models.PROTECT,
    )
    enterprise = models.ForeignKey(
        "parks.Enterprise",
        verbose_name=_("enterprise"),
        null=True,
        blank=True,
        related_name="declarations",
        on_delete=models.PROTECT,
    )
    span = models.CharField(_("span"), max_length=8, choices=Span.choices, default=Span.MONTH)
    period = models.DateField(_("period"), help_text=_("First day of the span reported."))
    language = models.CharField(
        _("language"), max_length=8, choices=Language.choices, default=Language.ZH_HANS
    )
    version = models.PositiveIntegerField(_("version"))
    cutoff = models.DateTimeField(
        _("figures as of"), help_text=_("The data's cut-off: what was recorded by this time.")
    )
    issued_at = models.DateTimeField(
        _("issued at"), default=timezone.now, help_text=_("As printed on the files' cover.")
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        help_text=_("Empty when issued on schedule."),
    )
    figures_sha256 = models.CharField(
        _("figures SHA-256"),
        max_length=64,
        help_text=_("Of the report's figures: a re-issue with the same figures makes no version."),
    )
    changes = models.JSONField(_("changes since the previous version"), default=dict, blank=True)

    class Meta:
        verbose_name = _("compliance report")
        verbose_name_plural = _("compliance reports")
        ordering = ["-period", "scope", "park__code", "span", "language", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "park", "enterprise", "span", "period", "language", "version"],
                name="reports_one_version_number",
                nulls_distinct=False,
            ),
            models.CheckConstraint(
                condition=models.Q(scope="park", park__isnull=False)
                | (~models.Q(scope="park") & models.Q(park__isnull=True)),
                name="reports_park_only_for_park_scope",
            ),
            models.CheckConstraint(
                condition=models.Q(scope="enterprise", enterprise__isnull=False)
                | (~models.Q(scope="enterprise") & models.Q(enterprise__isnull=True)),
                name="reports_enterprise_only_for_enterprise_scope",
            ),
            models.CheckConstraint(
                condition=models.Q(scope="enterprise") | models.Q(span="month"),
                name="reports_city_and_park_monthly",
            ),
        ]

    def __str__(self) -> str:
        if self.enterprise_id:
            where = self.enterprise.credit_code
        else:
            where = self.park.code if self.park_id else "city"
        return f"{where} {self.period_label} {self.language} v{self.version}"

    @property
    def period_label(self) -> str:
        """2026-01, 2026-Q1 or 2026."""
        return period_label(self.span, self.period)


def period_label(span: str, period) -> str:
    if span == ComplianceReport.Span.YEAR:
        return f"{period:%Y}"
    if span == ComplianceReport.Span.QUARTER:
        return f"{period:%Y}-Q{(period.month - 1) // 3 + 1}"
    return f"{period:%Y-%m}"


class ReportFile(models.Model):
    class Format(models.TextChoices):
        XLSX = "xlsx", "XLSX"
        CSV = "csv", _("CSV (zip)")
        PDF = "pdf", "PDF"

    report = models.ForeignKey(ComplianceReport, related_name="files", on_delete=models.PROTECT)
    format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    file = models.FileField(_("file"), upload_to="reports/%Y/%m/")
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size_bytes = models.PositiveBigIntegerField(_("size (bytes)"))

    class Meta:
        verbose_name = _("report file")
        verbose_name_plural = _("report files")
        constraints = [
            models.UniqueConstraint(fields=["report", "format"], name="reports_one_file_per_format")
        ]

    def __str__(self) -> str:
        return f"{self.report} {self.format}"


class ReportDownload(models.Model):
    """Who downloaded which file, when: every download is logged."""

    file = models.ForeignKey(ReportFile, related_name="downloads", on_delete=models.PROTECT)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    at = models.DateTimeField(auto_now_add=True)
    via = models.CharField(max_length=8)  # "portal" or "api"

    class Meta:
        verbose_name = _("report download")
        verbose_name_plural = _("report downloads")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.file} {self.at:%Y-%m-%d %H:%M}"


class RawDownload(models.Model):
    """A bulk download of raw records (reports/raw.py): who took which records of which
    months, when; logged like every download."""

    class Kind(models.TextChoices):
        LEDGER = "ledger", _("Ledger entries")
        MANIFESTS = "manifests", _("Manifests")
        FLAGS = "flags", _("Flags")
        ROLLUPS = "rollups", _("Weigh-ticket daily roll-ups")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True, on_delete=models.SET_NULL
    )
    kind = models.CharField(_("records"), max_length=10, choices=Kind.choices)
    period_from = models.DateField(_("first month"))
    period_to = models.DateField(_("last month"))
    park = models.ForeignKey(
        "parks.Park",
        verbose_name=_("park"),
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
        help_text=_("Empty: every park the user may read (the city for the regulator)."),
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    via = models.CharField(_("via"), max_length=8)  # "portal" or "api"

    class Meta:
        verbose_name = _("raw records download")
        verbose_name_plural = _("raw records downloads")
        ordering = ["-at"]

    def __str__(self) -> str:
        span = f"{self.period_from:%Y-%m}–{self.period_to:%Y-%m}"
        return f"{self.kind} {span} {self.at:%Y-%m-%d %H:%M}"


class ReportBuild(models.Model):
    """One report asked for in the portal, while it is built: the page that asked shows its
    progress, step by step, and then the report (or why it failed). Steps are written outside
    the report's transaction, so that they are seen while it runs."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        BUILDING = "building", _("building")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    class Step(models.TextChoices):
        FIGURES = "figures", _("reading the figures")
        XLSX = "xlsx", _("writing the workbook")
        CSV = "csv", _("writing the CSV files")
        PDF = "pdf", _("drawing the PDF")
        STORE = "store", _("storing the files")

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="report_builds", on_delete=models.CASCADE
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    scope = models.CharField(_("scope"), max_length=10, choices=ComplianceReport.Scope.choices)
    park = models.ForeignKey("parks.Park", null=True, blank=True, on_delete=models.CASCADE)
    enterprise = models.ForeignKey(
        "parks.Enterprise", null=True, blank=True, on_delete=models.CASCADE
    )
    span = models.CharField(
        _("span"), max_length=8, choices=ComplianceReport.Span.choices, default="month"
    )
    period = models.DateField(_("period"))
    language = models.CharField(
        _("language"), max_length=8, choices=ComplianceReport.Language.choices
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    step = models.CharField(_("step"), max_length=8, choices=Step.choices, blank=True)
    steps_done = models.PositiveSmallIntegerField(default=0)
    report = models.ForeignKey(
        ComplianceReport, null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    created = models.BooleanField(
        default=False, help_text=_("False when the figures had not changed: no new version.")
    )
    error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("report build")
        verbose_name_plural = _("report builds")
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"{self.scope} {self.period:%Y-%m} {self.status}"

    @property
    def steps_total(self) -> int:
        return len(self.Step.choices)

    @property
    def percent(self) -> int:
        return round(100 * self.steps_done / self.steps_total)
