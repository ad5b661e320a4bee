"""The registry: industrial parks, the enterprises in them, and who may act for them."""

from django.conf import settings
from django.contrib.gis.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from parks.geo import boundary_clean, location_clean
from parks.validators import (
    industry_code_normalize,
    validate_credit_code,
    validate_industry_code,
)


def park_name_shown(name: str, name_en: str) -> str:
    """A park's name as the reader reads it: the English name on English pages when it has
    one, else the official (Chinese) name; for rows that carry the two names, not a Park."""
    return name_en if name_en and (get_language() or "").startswith("en") else name


class Park(models.Model):
    class Level(models.TextChoices):
        NATIONAL = "national", _("National")
        REGIONAL = "regional", _("Autonomous region / provincial")
        MUNICIPAL = "municipal", _("Municipal")

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=200, help_text=_("Official (Chinese) name."))
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    district = models.CharField(_("district"), max_length=100, blank=True)
    operator = models.CharField(
        _("operator"), max_length=200, blank=True, help_text=_("The park's management body.")
    )
    boundary = models.MultiPolygonField(
        _("boundary"), srid=4326, help_text=_("WGS84 longitude/latitude (SRID 4326).")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("industrial park")
        verbose_name_plural = _("industrial parks")

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        """The name in the active language (park_name_shown); __str__ stays the official
        name, which the exports and the admin's history record."""
        return park_name_shown(self.name, self.name_en)

    def clean(self) -> None:
        if self.boundary is not None:
            self.boundary = boundary_clean(self.boundary)

    def contains(self, point) -> bool:
        """Whether a point lies within (or on) the boundary."""
        return bool(point is not None and self.boundary.intersects(point))


class Enterprise(models.Model):
    class HazardousWasteTier(models.TextChoices):
        """The hazardous-waste management tier of HJ 1259-2022 (by the largest annual
        generation of the last three years at the site): it sets how often the unit declares
        its hazardous waste (docs/reports.md, Declarations)."""

        KEY = "key", _("Key supervised unit (hazardous waste)")
        SIMPLIFIED = "simplified", _("Simplified management unit")
        REGISTERED = "registered", _("Registration management unit")

    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        unique=True,
        validators=[validate_credit_code],
    )
    name = models.CharField(_("name"), max_length=200)
    industry_code = models.CharField(
        _("industry code (GB/T 4754)"), max_length=4, validators=[validate_industry_code]
    )
    park = models.ForeignKey(
        Park,
        verbose_name=_("park"),
        related_name="enterprises",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    location = models.PointField(
        _("location"), srid=4326, help_text=_("WGS84 longitude/latitude (SRID 4326).")
    )
    permit_number = models.CharField(_("discharge permit number"), max_length=40, blank=True)
    is_key_unit = models.BooleanField(_("key supervised unit"), default=False)
    hazardous_waste_tier = models.CharField(
        _("hazardous-waste management tier"),
        max_length=12,
        choices=HazardousWasteTier.choices,
        blank=True,
        help_text=_(
            "HJ 1259-2022: key supervision (100 t a year or more, its own utilisation or "
            "disposal facility, or a hazardous-waste licence), simplified management (10 to "
            "100 t), registration management (under 10 t); empty when it generates no "
            "hazardous waste."
        ),
    )
    outside_park_boundary = models.BooleanField(
        _("outside its park's boundary"),
        default=False,
        editable=False,
        help_text=_("Data issue: the location does not lie within the park's boundary."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        indexes = [models.Index(fields=["industry_code"], name="enterprise_industry_idx")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.industry_code = industry_code_normalize(self.industry_code)
        if self.location is not None:
            self.location = location_clean(self.location)

    @property
    def data_issues(self) -> list[str]:
        return ["outside_park_boundary"] if self.outside_park_boundary else []


class ParkMembership(models.Model):
    """A park operator's account acting for one park."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="park_memberships", on_delete=models.CASCADE
    )
    park = models.ForeignKey(Park, related_name="memberships", on_delete=models.CASCADE)

    class Meta:
        verbose_name = _("park membership")
        verbose_name_plural = _("park memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "park"], name="park_membership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.park}"


class EnterpriseMembership(models.Model):
    """An enterprise user's account acting for one enterprise."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="enterprise_memberships", on_delete=models.CASCADE
    )
    enterprise = models.ForeignKey(Enterprise, related_name="memberships", on_delete=models.CASCADE)

    class Meta:
        verbose_name = _("enterprise membership")
        verbose_name_plural = _("enterprise memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "enterprise"], name="enterprise_membership_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.enterprise}"


class EconomicFigure(models.Model):
    """An enterprise's output and industrial value added for one month, in 万元 (10,000 yuan):
    the denominators of generation per unit of output and of the evaluations' intensities."""

    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("enterprise"),
        related_name="economic_figures",
        on_delete=models.CASCADE,
    )
    period = models.DateField(_("period"), help_text=_("First day of the month."))
    output_value = models.DecimalField(
        _("gross industrial output value (10,000 yuan)"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
    )
    value_added = models.DecimalField(
        _("industrial value added (10,000 yuan)"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
    )
    source = models.CharField(
        _("source"), max_length=200, blank=True, help_text=_("The file or API call it came from.")
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
    history = HistoricalRecords()

    class Meta:
        ordering = ["enterprise", "period"]
        verbose_name = _("economic figure")
        verbose_name_plural = _("economic figures")
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "period"], name="economic_figure_unique_month"
            ),
            models.CheckConstraint(
                condition=models.Q(output_value__isnull=False)
                | models.Q(value_added__isnull=False),
                name="economic_figure_has_a_figure",
            ),
            models.CheckConstraint(
                condition=models.Q(output_value__gte=0) | models.Q(output_value__isnull=True),
                name="economic_figure_output_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(value_added__gte=0) | models.Q(value_added__isnull=True),
                name="economic_figure_value_added_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.period:%Y-%m}"
