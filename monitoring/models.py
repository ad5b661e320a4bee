"""Monitoring data: the waste catalogue, devices and their weigh tickets, ledgers and their
uploads, hazardous-waste transfer manifests, and the roll-ups detection reads."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
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
    """One weighing at a monitoring point; (point, ticket number) is the idempotency key.

    On PostgreSQL the table is partitioned by month of `weighed_at` (migration 0015,
    monitoring.partitions): its unique keys must include that time, so the database refuses
    the same ticket at the same time, and the ingest service (reading before writing, under a
    lock on the point) refuses the same number at another time."""

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
    direction = models.CharField(
        pgettext_lazy("weighing", "direction"), max_length=3, choices=Direction.choices
    )
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
                fields=["point", "ticket_number", "weighed_at"], name="weigh_ticket_number_unique"
            )
        ]
        indexes = [
            # Roll-ups and device-quality checks read one point's tickets by time.
            models.Index(fields=["point", "weighed_at"], name="weigh_ticket_point_time_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.point} #{self.ticket_number}"


class UploadBatch(models.Model):
    """A ledger file as received: stored with its hash, validated whole, ingested whole or not
    at all. The same file uploaded again by the same person points to this batch; anyone else
    gets a batch of their own, processed under their own rights."""

    class Status(models.TextChoices):
        RECEIVED = "received", pgettext_lazy("upload status", "Received")
        VALIDATING = "validating", _("Validating")
        AWAITING_CONFIRMATION = "awaiting_confirmation", _("Awaiting confirmation")
        INGESTED = "ingested", _("Ingested")
        REJECTED = "rejected", _("Rejected")
        FAILED = "failed", _("Failed")

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "XLSX"

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="upload_batches",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    file = models.FileField(_("file"), upload_to="ledger-uploads/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(max_length=64, db_index=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    language = models.CharField(
        _("language"),
        max_length=10,
        default="zh-hans",
        help_text=_(
            "The uploader's language when the file was sent; the report is shown in each "
            "reader's own."
        ),
    )
    status = models.CharField(
        _("status"), max_length=24, choices=Status.choices, default=Status.RECEIVED
    )
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_checked = models.PositiveIntegerField(_("rows checked"), default=0)
    rows_ingested = models.PositiveIntegerField(_("rows ingested"), default=0)
    errors = models.JSONField(
        _("errors"),
        default=list,
        blank=True,
        help_text="[{row, column, value, reason}], row numbers as in the file (header = 1), "
        "the column by its key, the reason as a message {code, params} (text before codes); "
        "the first LEDGER_MAX_REPORTED_ERRORS of error_count.",
    )
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    changes = models.JSONField(
        _("changes to confirm"),
        default=list,
        blank=True,
        help_text="Figures this upload would correct: [{enterprise, category, period, flow, "
        "counterparty, purpose, old, new}].",
    )
    change_count = models.PositiveIntegerField(_("changed figures"), default=0)
    changes_digest = models.CharField(max_length=64, blank=True, editable=False)
    message_code = models.CharField(
        _("message code"),
        max_length=64,
        blank=True,
        help_text="The outcome as a message code (wastewatch.messages), rendered for each reader.",
    )
    message_params = models.JSONField(_("message parameters"), default=dict, blank=True)
    notes = models.JSONField(
        _("notes"),
        default=list,
        blank=True,
        help_text="What the report says besides, as messages [{code, params}].",
    )
    message = models.TextField(
        _("message text"),
        blank=True,
        help_text="The outcome as text, kept for batches finished before messages were stored "
        "as codes; shown when there is no code.",
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-uploaded_at"]
        constraints = [
            # Deduplication is per uploader: a file's bytes never lead to someone else's batch.
            models.UniqueConstraint(
                fields=["uploaded_by", "sha256"], name="upload_batch_one_per_uploader_and_file"
            )
        ]
        verbose_name = _("ledger upload")
        verbose_name_plural = _("ledger uploads")

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"


class LedgerEntry(models.Model):
    """One figure of an enterprise's monthly ledger. Append-only: a correction is a new entry,
    and the entry it replaces gets `superseded_at`/`superseded_by_batch`. On PostgreSQL the
    table is partitioned by `period` (migration 0015, monitoring.partitions)."""

    class Flow(models.TextChoices):
        OPENING_STOCK = "opening_stock", _("Opening stock")
        GENERATED = "generated", _("Generated")
        RECEIVED = "received", pgettext_lazy("ledger flow", "Received")
        UTILISED = "utilised", _("Utilised on site")
        DISPOSED = "disposed", _("Disposed on site")
        TRANSFERRED_OUT = "transferred_out", _("Transferred out")
        CLOSING_STOCK = "closing_stock", _("Closing stock")

    class Source(models.TextChoices):
        UPLOAD = "upload", _("Upload")
        API = "api", _("API")
        DEVICE_ROLLUP = "device_rollup", _("Device roll-up")

    class Purpose(models.TextChoices):
        """What a transfer out was for, as the sender's ledger declares it (HJ 1259 委外利用/处置;
        固废法 第三十七条): the official statistics count it at the sender by this purpose."""

        UTILISATION = "utilisation", _("Commissioned utilisation")
        DISPOSAL = "disposal", _("Commissioned disposal")
        STORAGE = "storage", _("Commissioned storage")

    enterprise = models.ForeignKey(
        "parks.Enterprise",
        verbose_name=_("enterprise"),
        related_name="ledger_entries",
        on_delete=models.PROTECT,
        # The unique index leads with the enterprise: it serves the foreign key and the
        # cross-checks' reads by enterprise; one index fewer to maintain on large uploads.
        db_index=False,
    )
    category = models.ForeignKey(
        WasteCategory, verbose_name=_("waste category"), on_delete=models.PROTECT, db_index=False
    )
    waste_code = models.CharField(
        _("waste code"), max_length=10, blank=True, help_text=_("8-digit code, e.g. 321-024-48.")
    )
    period = models.DateField(_("period"), help_text=_("First day of the month."))
    flow = models.CharField(_("flow"), max_length=16, choices=Flow.choices)
    counterparty = models.CharField(_("counterparty credit code"), max_length=18, blank=True)
    purpose = models.CharField(
        _("transfer purpose"),
        max_length=12,
        choices=Purpose.choices,
        blank=True,
        help_text=_("Transfers out only; empty when the ledger does not say."),
    )
    quantity_t = models.DecimalField(_("quantity (t)"), max_digits=14, decimal_places=3)
    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    batch = models.ForeignKey(
        UploadBatch,
        verbose_name=_("upload"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="entries",
        # Set by the service to the batch it is writing in the same transaction; a checked
        # foreign key would cost a parent-row lock per figure on 200,000-row uploads.
        db_constraint=False,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,  # the uploader of the batch; users are never deleted (PROTECT)
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    superseded_at = models.DateTimeField(_("superseded at"), null=True, blank=True)
    superseded_by_batch = models.ForeignKey(
        UploadBatch,
        verbose_name=_("superseded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_entries",
        db_index=False,
    )

    class Meta:
        ordering = ["enterprise_id", "period", "category_id", "flow"]
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        constraints = [
            # One current figure per ledger line; superseded ones are history. A transfer to
            # one receiver for two purposes is two lines.
            models.UniqueConstraint(
                fields=[
                    "enterprise",
                    "category",
                    "waste_code",
                    "period",
                    "flow",
                    "counterparty",
                    "purpose",
                ],
                condition=models.Q(superseded_at__isnull=True),
                name="ledger_entry_current_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(quantity_t__gte=0), name="ledger_entry_quantity_non_negative"
            ),
        ]
        indexes = [
            # A month across the city: its last month (the dashboard's default) and when each
            # enterprise first filed it (filing status), read from the index alone.
            models.Index(
                fields=["period", "enterprise", "created_at"], name="ledger_entry_period_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.period:%Y-%m} {self.category_id} {self.flow}"


class Manifest(models.Model):
    """A hazardous-waste transfer (转移联单): shipped by a generator, confirmed by a receiver."""

    number = models.CharField(
        _("manifest number"),
        max_length=14,
        unique=True,
        help_text=_("14 digits: year, province, prefecture, 6-digit serial."),
    )
    generator = models.ForeignKey(
        "parks.Enterprise",
        verbose_name=_("generator"),
        related_name="manifests_sent",
        on_delete=models.PROTECT,
    )
    transporter_name = models.CharField(_("transporter"), max_length=200)
    transporter_credit_code = models.CharField(
        _("transporter credit code"), max_length=18, blank=True
    )
    vehicle = models.CharField(_("vehicle plate"), max_length=20, blank=True)
    receiver = models.ForeignKey(
        "parks.Enterprise",
        verbose_name=_("receiver"),
        related_name="manifests_received",
        on_delete=models.PROTECT,
    )
    category = models.ForeignKey(
        WasteCategory, verbose_name=_("waste category"), on_delete=models.PROTECT
    )
    waste_code = models.CharField(_("waste code"), max_length=10)
    quantity_shipped_t = models.DecimalField(
        _("quantity shipped (t)"), max_digits=12, decimal_places=3
    )
    shipped_at = models.DateTimeField(_("shipped at"))
    confirmation_due = models.DateField(
        _("confirmation due"),
        null=True,
        blank=True,
        help_text=_(
            "5 working days after the day of receipt; empty until the receipt is confirmed, "
            "or while the official calendar does not cover the year."
        ),
    )
    quantity_received_t = models.DecimalField(
        _("quantity received (t)"), max_digits=12, decimal_places=3, null=True, blank=True
    )
    quantity_refused_t = models.DecimalField(
        _("quantity refused (t)"), max_digits=12, decimal_places=3, null=True, blank=True
    )
    received_at = models.DateTimeField(
        pgettext_lazy("manifest", "received at"), null=True, blank=True
    )
    confirmed_at = models.DateTimeField(
        _("confirmed at"),
        null=True,
        blank=True,
        help_text=_("When the receipt was confirmed in the system; judged against the deadline."),
    )
    receipt_note = models.TextField(_("receipt note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-shipped_at"]
        verbose_name = _("transfer manifest")
        verbose_name_plural = _("transfer manifests")
        indexes = [
            # The overdue check: unconfirmed manifests by shipping time.
            models.Index(
                fields=["shipped_at"],
                condition=models.Q(received_at__isnull=True),
                name="manifest_unconfirmed_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.number


class TicketRollup(models.Model):
    """Weigh tickets summed per enterprise, category, direction and day; months are sums of
    days. Recomputed from the tickets (never incremented), so a refresh is idempotent."""

    enterprise = models.ForeignKey(
        "parks.Enterprise", related_name="ticket_rollups", on_delete=models.CASCADE
    )
    category = models.ForeignKey(WasteCategory, on_delete=models.PROTECT)
    direction = models.CharField(max_length=3, choices=WeighTicket.Direction.choices)
    day = models.DateField(help_text="Local (Asia/Shanghai) calendar day.")
    tickets = models.PositiveIntegerField()
    net_t = models.DecimalField(max_digits=14, decimal_places=3)

    class Meta:
        ordering = ["enterprise_id", "day"]
        verbose_name = _("weigh-ticket roll-up")
        verbose_name_plural = _("weigh-ticket roll-ups")
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "category", "direction", "day"], name="ticket_rollup_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.day} {self.category_id} {self.direction}"
