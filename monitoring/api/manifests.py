"""Manifests API v1: hazardous-waste transfer manifests, created by the generator's side and
confirmed by the receiver's; read by both sides, their parks and the regulator."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from monitoring import manifests
from monitoring.models import Manifest, WasteCategory
from monitoring.permissions import IsPerson
from parks.models import Enterprise
from parks.selectors import enterprise_list_reportable
from wastewatch.api.fields import CodeField, CodeSlugRelatedField
from wastewatch.text import InvalidText, normalize_code

UNKNOWN_ENTERPRISE = _("No registered enterprise has the credit code {value}.")
CREATE_DENIED = _("Only the generator, its park's operator or staff create its manifests.")
CONFIRM_DENIED = _(
    "Only the receiver, its park's operator or staff confirm receipt of this manifest."
)


def _generator_or_403(request: Request) -> Enterprise | None:
    """The generator named in the request, among those the caller reports for; checked before
    anything else, so a caller without the right gets the same 403 whether the credit code is
    registered or not (and whatever else is wrong with the input). None when no generator is
    named and the caller may create for some: the serializer then says it is required."""
    reportable = enterprise_list_reportable(user=request.user)
    raw = request.data.get("generator") if isinstance(request.data, dict) else None
    try:
        code = normalize_code(raw) if isinstance(raw, str) else ""
    except InvalidText:
        code = ""
    generator = reportable.filter(credit_code=code).first() if code else None
    if generator is None and (code or not reportable.exists()):
        raise PermissionDenied(CREATE_DENIED)
    return generator


class ManifestSerializer(serializers.ModelSerializer):
    """A manifest as stored, with what follows from it (discrepancy, deadline)."""

    generator = serializers.CharField(
        read_only=True, source="generator.credit_code", help_text="Credit code."
    )
    generator_name = serializers.CharField(read_only=True, source="generator.name")
    receiver = serializers.CharField(
        read_only=True, source="receiver.credit_code", help_text="Credit code."
    )
    receiver_name = serializers.CharField(read_only=True, source="receiver.name")
    category = serializers.CharField(
        read_only=True, source="category.code", help_text="HW category, e.g. HW48."
    )
    status = serializers.CharField(
        read_only=True,
        source="figures.status",
        help_text="unconfirmed or confirmed (see the is_… flags).",
    )
    confirmation_due = serializers.DateField(
        read_only=True,
        allow_null=True,
        help_text="5th working day after the day of receipt (Beijing date, official calendar); "
        "null until the receipt is confirmed, or when the calendar does not cover the year "
        "yet (see deadline_note).",
    )
    deadline_note = serializers.CharField(
        read_only=True,
        source="figures.deadline_note",
        help_text="Why confirmation_due is null; else empty.",
    )
    is_overdue = serializers.BooleanField(
        read_only=True,
        source="figures.is_overdue",
        help_text="No receipt confirmed within MANIFEST_TRANSIT_WORKING_DAYS + 5 working days "
        "of shipping.",
    )
    is_late = serializers.BooleanField(
        read_only=True,
        source="figures.is_late",
        help_text="Receipt confirmed (confirmed_at) after confirmation_due.",
    )
    discrepancy_t = serializers.DecimalField(
        read_only=True,
        max_digits=16,
        decimal_places=3,
        allow_null=True,
        source="figures.discrepancy_t",
        help_text="Shipped − received − refused; null until confirmed.",
    )
    discrepancy_ratio = serializers.DecimalField(
        read_only=True,
        max_digits=None,
        decimal_places=4,
        allow_null=True,
        source="figures.discrepancy_ratio",
        help_text="discrepancy_t ÷ quantity shipped; null until confirmed.",
    )
    is_discrepant = serializers.BooleanField(
        read_only=True,
        source="figures.is_discrepant",
        help_text="|discrepancy_ratio| above MANIFEST_DISCREPANCY_RATIO (default 0.10).",
    )
    created_by = serializers.CharField(
        read_only=True, source="created_by.get_username", help_text="Username."
    )
    confirmed_by = serializers.CharField(
        read_only=True, source="confirmed_by.get_username", allow_null=True, help_text="Username."
    )

    class Meta:
        model = Manifest
        fields = [
            "number",
            "status",
            "generator",
            "generator_name",
            "transporter_name",
            "transporter_credit_code",
            "vehicle",
            "receiver",
            "receiver_name",
            "category",
            "waste_code",
            "quantity_shipped_t",
            "shipped_at",
            "confirmation_due",
            "deadline_note",
            "is_overdue",
            "quantity_received_t",
            "quantity_refused_t",
            "received_at",
            "receipt_note",
            "confirmed_at",
            "is_late",
            "discrepancy_t",
            "discrepancy_ratio",
            "is_discrepant",
            "created_by",
            "created_at",
            "confirmed_by",
        ]
        read_only_fields = fields

    def to_representation(self, instance: Manifest) -> dict:
        instance.figures = manifests.manifest_figures(manifest=instance)
        return super().to_representation(instance)


class ManifestCreateInputSerializer(serializers.Serializer):
    """The generator's side. Types are checked here, the rules in manifest_create."""

    number = CodeField(
        max_length=64, help_text="14 digits: year, province, prefecture, 6-digit serial."
    )
    generator = CodeField(
        max_length=64,
        help_text="Credit code of the enterprise shipping the waste: one the caller reports "
        "for (403 otherwise, whether it is registered or not).",
    )
    transporter_name = serializers.CharField(
        max_length=manifests.TRANSPORTER_NAME_MAX,
        allow_blank=True,
        help_text="Any printable text, at most 200 characters.",
    )
    transporter_credit_code = CodeField(max_length=64, required=False, default="", allow_blank=True)
    vehicle = serializers.CharField(
        max_length=64,  # the service names the plate's real length limit
        allow_blank=True,
        help_text="Plate number, e.g. 蒙B12345, 蒙BD12345 (new-energy) or 蒙B1234挂 (trailer).",
    )
    receiver = CodeSlugRelatedField(
        slug_field="credit_code",
        queryset=Enterprise.objects.all(),
        help_text="Credit code of the licensed utiliser or disposer.",
        error_messages={"does_not_exist": UNKNOWN_ENTERPRISE},
    )
    category = CodeSlugRelatedField(
        slug_field="code",
        queryset=WasteCategory.objects.all(),
        help_text="Hazardous category, e.g. HW48.",
        error_messages={"does_not_exist": _("Unknown waste category {value}.")},
    )
    waste_code = CodeField(max_length=32, help_text="AAA-BBB-CC, e.g. 321-024-48.")
    quantity_shipped_t = serializers.DecimalField(max_digits=12, decimal_places=3)
    shipped_at = serializers.DateTimeField(help_text="ISO 8601; without offset: Beijing time.")


class ManifestReceiptInputSerializer(serializers.Serializer):
    """The receiver's side."""

    quantity_received_t = serializers.DecimalField(max_digits=12, decimal_places=3)
    quantity_refused_t = serializers.DecimalField(
        max_digits=12, decimal_places=3, required=False, default=Decimal("0")
    )
    received_at = serializers.DateTimeField(help_text="ISO 8601; without offset: Beijing time.")
    note = serializers.CharField(
        max_length=manifests.RECEIPT_NOTE_MAX,
        required=False,
        default="",
        allow_blank=True,
        help_text="Any printable text with line breaks, at most 2000 characters.",
    )


class ManifestViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Transfer manifests (转移联单) whose generator or receiver the caller may read.

    Filters (the portal list's): `park` (code), `enterprise` (generator or receiver, a part
    of its name or the start of its credit code), `generator`, `receiver` (credit codes),
    `category`, `status` (unconfirmed, confirmed, overdue, discrepant), `period` (month
    shipped, YYYY-MM), `shipped_from`/`shipped_to` (Beijing dates, inclusive), `sort`.
    """

    serializer_class = ManifestSerializer
    permission_classes = [IsPerson]
    filterset_class = manifests.ManifestFilter
    lookup_field = "number"
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        return manifests.manifest_list(user=self.request.user)

    @extend_schema(request=ManifestCreateInputSerializer, responses={201: ManifestSerializer})
    def create(self, request: Request) -> Response:
        """The generator, its park's operator or staff record a shipment."""
        generator = _generator_or_403(request)
        data = ManifestCreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = {**data.validated_data, "generator": generator}
        manifest = manifests.manifest_create(actor=request.user, **values)
        return Response(ManifestSerializer(manifest).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ManifestReceiptInputSerializer, responses={200: ManifestSerializer})
    @action(detail=True, methods=["post"], url_path="confirm-receipt")
    def confirm_receipt(self, request: Request, number: str) -> Response:
        """The receiver, its park's operator or staff confirm what arrived; once only."""
        manifest = self.get_object()
        if not manifests.manifest_can_confirm(user=request.user, manifest=manifest):
            raise PermissionDenied(CONFIRM_DENIED)  # before the input is looked at
        data = ManifestReceiptInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        manifest = manifests.manifest_receipt_confirm(
            actor=request.user, manifest=manifest, **data.validated_data
        )
        return Response(ManifestSerializer(manifest).data)
