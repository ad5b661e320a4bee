"""Monitoring data. For now the waste catalogue every ledger line and ticket refers to."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class WasteCategory(models.Model):
    """A hazardous-waste category (HW01…HW50) or a general industrial solid-waste one (SWnn)."""

    code = models.CharField(_("code"), max_length=8, unique=True)
    name_zh = models.CharField(_("Chinese name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=200)
    is_hazardous = models.BooleanField(_("hazardous"))
    catalogue_version = models.CharField(
        _("catalogue version"), max_length=20, help_text=_("Edition of the list it comes from.")
    )

    class Meta:
        ordering = ["-is_hazardous", "code"]
        verbose_name = _("waste category")
        verbose_name_plural = _("waste categories")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def name(self) -> str:
        """The name in the active language."""
        return self.name_en if (get_language() or "").startswith("en") else self.name_zh
