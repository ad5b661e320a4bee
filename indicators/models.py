"""Targets the city (or one park) sets itself for the zero-waste city indicators, per year."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from indicators.formulas import DEFINITIONS


class IndicatorTarget(models.Model):
    indicator = models.CharField(
        _("indicator"),
        max_length=40,
        choices=[(code, d.name) for code, d in DEFINITIONS.items()],
    )
    park = models.ForeignKey(
        "parks.Park",
        verbose_name=_("park"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        help_text=_("Empty: the city's target."),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    target = models.DecimalField(_("target"), max_digits=16, decimal_places=4)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["year", "indicator"]
        verbose_name = _("indicator target")
        verbose_name_plural = _("indicator targets")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year"],
                condition=models.Q(park__isnull=True),
                name="indicator_target_city_unique",
            ),
            models.UniqueConstraint(
                fields=["indicator", "park", "year"],
                condition=models.Q(park__isnull=False),
                name="indicator_target_park_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_indicator_display()} {self.year}: {self.target}"
