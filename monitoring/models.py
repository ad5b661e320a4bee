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


class MonitoringPoint(models.Model):
    """A weighbridge, storage yard or sensor of an enterprise, with its device key.

    The key is shown once when issued; only its prefix (for lookup) and SHA-256 are stored.
    """

    class Kind(models.TextChoices):
        WEIGHBRIDGE = "weighbridge", _("Weighbridge")
        STORAGE_YARD = "storage_yard", _("Storage yard")
        SENSOR = "sensor", _("Sensor")

    enterprise = models.ForeignKey(
        "parks.Enterprise",
        verbose_name=_("enterprise"),
        related_name="monitoring_points",
        on_delete=models.PROTECT,
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    key_prefix = models.CharField(max_length=16, unique=True, null=True, editable=False)
    key_hash = models.CharField(max_length=64, blank=True, editable=False)
    key_issued_at = models.DateTimeField(_("key issued at"), null=True, editable=False)
    key_revoked_at = models.DateTimeField(_("key revoked at"), null=True, editable=False)

    class Meta:
        ordering = ["enterprise_id", "code"]
        verbose_name = _("monitoring point")
        verbose_name_plural = _("monitoring points")
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "code"], name="monitoring_point_code_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.enterprise_id}/{self.code}"

    @property
    def has_active_key(self) -> bool:
        return bool(self.key_hash) and self.key_revoked_at is None


class WeighTicket(models.Model):
    """One weighing at a monitoring point; (point, ticket number) is the idempotency key."""

    class Direction(models.TextChoices):
        IN = "in", _("Inbound")
        OUT = "out", _("Outbound")

    point = models.ForeignKey(
        MonitoringPoint,
        verbose_name=_("monitoring point"),
        related_name="tickets",
        on_delete=models.PROTECT,
    )
    ticket_number = models.CharField(_("ticket number"), max_length=64)
    weighed_at = models.DateTimeField(_("weighed at"))
    category = models.ForeignKey(
        WasteCategory, verbose_name=_("waste category"), on_delete=models.PROTECT
    )
    direction = models.CharField(_("direction"), max_length=3, choices=Direction.choices)
    gross_t = models.DecimalField(_("gross (t)"), max_digits=12, decimal_places=3)
    tare_t = models.DecimalField(_("tare (t)"), max_digits=12, decimal_places=3)
    net_t = models.DecimalField(_("net (t)"), max_digits=12, decimal_places=3)
    vehicle = models.CharField(_("vehicle plate"), max_length=20, blank=True)
    counterparty = models.CharField(
        _("counterparty credit code"),
        max_length=18,
        blank=True,
        help_text=_("Where the waste came from (inbound) or went to (outbound)."),
    )
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)
    ingest_id = models.UUIDField(
        editable=False, help_text="The request that stored it: exact counts under retries."
    )

    class Meta:
        ordering = ["-weighed_at"]
        verbose_name = _("weigh ticket")
        verbose_name_plural = _("weigh tickets")
        constraints = [
            models.UniqueConstraint(
                fields=["point", "ticket_number"], name="weigh_ticket_number_unique"
            )
        ]
        indexes = [
            # Roll-ups and device-quality checks read one point's tickets by time.
            models.Index(fields=["point", "weighed_at"], name="weigh_ticket_point_time_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.point} #{self.ticket_number}"
