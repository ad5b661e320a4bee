"""Devices API v1: monitoring points and their keys; weigh tickets pushed and read."""

from datetime import date

import django_filters
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from knox.auth import TokenAuthentication
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.authentication import SessionAuthentication
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.generics import ListAPIView
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response

from monitoring import selectors, services
from monitoring.authentication import DeviceKeyAuthentication
from monitoring.filters import MonitoringPointFilter
from monitoring.models import MonitoringPoint, WeighTicket
from monitoring.permissions import IsDevice, IsPerson
from monitoring.rollups import ticket_rollup_list
from monitoring.throttling import DeviceRateThrottle
from parks.models import Enterprise
from parks.selectors import enterprise_can_change, enterprise_list
from parks.validators import credit_code_normalize
from wastewatch.text import InvalidText


class MonitoringPointSerializer(serializers.ModelSerializer):
    enterprise = serializers.SlugRelatedField(slug_field="credit_code", read_only=True)
    has_active_key = serializers.BooleanField(read_only=True)
    last_ticket = serializers.DateTimeField(
        read_only=True, allow_null=True, help_text="Time of the latest weighing."
    )

    class Meta:
        model = MonitoringPoint
        fields = [
            "id",
            "enterprise",
            "code",
            "name",
            "kind",
            "has_active_key",
            "key_issued_at",
            "key_revoked_at",
            "last_ticket",
        ]


class MonitoringPointInputSerializer(serializers.Serializer):
    enterprise = serializers.CharField(
        max_length=18,
        help_text="Credit code; 404 when the caller cannot read the enterprise, 403 when it "
        "may not manage it (both checked before the other fields).",
    )
    code = serializers.SlugField(max_length=40)
    name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    kind = serializers.ChoiceField(choices=MonitoringPoint.Kind.choices)


DeviceKeySerializer = inline_serializer(
    "DeviceKey", {"key": serializers.CharField(help_text="Shown once; store it on the device.")}
)


class MonitoringPointViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Weighbridges and sensors; park operators and staff issue, rotate and revoke keys.
    Filtered as the portal's device list is (monitoring.filters.MonitoringPointFilter)."""

    serializer_class = MonitoringPointSerializer
    permission_classes = [IsPerson]
    filterset_class = MonitoringPointFilter

    def get_queryset(self):
        return selectors.monitoring_point_activity_list(user=self.request.user)

    @extend_schema(
        request=MonitoringPointInputSerializer, responses={201: MonitoringPointSerializer}
    )
    def create(self, request: Request) -> Response:
        enterprise = self._enterprise_first(request)
        data = MonitoringPointInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        code = values.pop("enterprise")
        if enterprise is None:  # named by something else than text, e.g. a number
            enterprise = self._enterprise_first(request, code)
        point = services.monitoring_point_create(
            actor=request.user, enterprise=enterprise, **values
        )
        return Response(MonitoringPointSerializer(point).data, status=status.HTTP_201_CREATED)

    def _enterprise_first(self, request: Request, raw: object = None) -> Enterprise | None:
        """The named enterprise, looked up and its right checked before the rest of the input:
        404 when the caller cannot read it (as for an unknown code), 403 when it reads but may
        not manage it, whatever else the request holds."""
        if raw is None and hasattr(request.data, "get"):
            raw = request.data.get("enterprise")
        try:
            code = credit_code_normalize(raw) if isinstance(raw, str) else ""
        except InvalidText:
            code = ""
        if not code:
            return None  # the serializer says what is missing or wrong
        enterprise = get_object_or_404(enterprise_list(user=request.user), credit_code=code)
        if not enterprise_can_change(user=request.user, enterprise=enterprise):
            raise PermissionDenied(_("Only the park's operator or staff manage this device's key."))
        return enterprise

    @extend_schema(request=None, responses={201: DeviceKeySerializer})
    @action(detail=True, methods=["post"], url_path="rotate-key")
    def rotate_key(self, request: Request, pk: str) -> Response:
        """Issue a new key (the old one stops working at once)."""
        key = services.device_key_issue(actor=request.user, point=self.get_object())
        response = Response({"key": key}, status=status.HTTP_201_CREATED)
        add_never_cache_headers(response)  # the key must not stay in any cache
        return response

    @extend_schema(request=None, responses={204: None})
    @action(detail=True, methods=["post"], url_path="revoke-key")
    def revoke_key(self, request: Request, pk: str) -> Response:
        services.device_key_revoke(actor=request.user, point=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


class WeighTicketInputSerializer(serializers.Serializer):
    """One weighing, as a device sends it (documentation; validation is in tickets.py)."""

    ticket_number = serializers.CharField(max_length=64)
    weighed_at = serializers.DateTimeField(help_text="ISO 8601; without offset: Asia/Shanghai.")
    category = serializers.CharField(help_text="Waste category code, e.g. SW01 or HW48.")
    direction = serializers.ChoiceField(choices=WeighTicket.Direction.choices)
    gross_t = serializers.DecimalField(max_digits=12, decimal_places=3)
    tare_t = serializers.DecimalField(max_digits=12, decimal_places=3)
    net_t = serializers.DecimalField(
        max_digits=12,
        decimal_places=3,
        required=False,
        help_text="Optional; must equal gross − tare.",
    )
    vehicle = serializers.CharField(max_length=20, required=False)
    counterparty = serializers.CharField(
        max_length=18, required=False, help_text="Credit code of the other party."
    )


class TicketBatchResultSerializer(serializers.Serializer):
    accepted = serializers.IntegerField()
    duplicates = serializers.IntegerField(help_text="Already stored: retries are safe.")
    rejected = serializers.IntegerField()
    items = serializers.ListField(
        child=serializers.DictField(), help_text="Each rejected item: index, ticket_number, fields."
    )


class WeighTicketSerializer(serializers.ModelSerializer):
    point = serializers.IntegerField(source="point_id")
    enterprise = serializers.CharField(source="point.enterprise.credit_code")
    category = serializers.CharField(source="category.code")

    class Meta:
        model = WeighTicket
        fields = [
            "id",
            "point",
            "enterprise",
            "ticket_number",
            "weighed_at",
            "category",
            "direction",
            "gross_t",
            "tare_t",
            "net_t",
            "vehicle",
            "counterparty",
            "received_at",
        ]


class WeighTicketFilter(django_filters.FilterSet):
    enterprise = django_filters.CharFilter(field_name="point__enterprise__credit_code")
    category = django_filters.CharFilter(field_name="category__code")
    weighed_after = django_filters.IsoDateTimeFilter(field_name="weighed_at", lookup_expr="gte")
    weighed_before = django_filters.IsoDateTimeFilter(field_name="weighed_at", lookup_expr="lt")

    class Meta:
        model = WeighTicket
        fields = ["point", "enterprise", "category", "direction"]


class WeighTicketsApi(ListAPIView):
    """GET: tickets the user may read. POST: a device pushes a batch of up to 1,000 tickets."""

    authentication_classes = [DeviceKeyAuthentication, TokenAuthentication, SessionAuthentication]
    serializer_class = WeighTicketSerializer
    filterset_class = WeighTicketFilter
    parser_classes = [JSONParser]  # devices send a JSON array; anything else answers 415

    def get_permissions(self):
        return [IsDevice()] if self.request.method == "POST" else [IsPerson()]

    def get_throttles(self):
        return [DeviceRateThrottle()] if self.request.method == "POST" else []

    def get_queryset(self):
        return selectors.weigh_ticket_list(user=self.request.user)

    @extend_schema(
        request=WeighTicketInputSerializer(many=True), responses=TicketBatchResultSerializer
    )
    def post(self, request: Request) -> Response:
        items = request.data
        if not isinstance(items, list):
            raise ValidationError({"non_field_errors": ["Send a JSON array of tickets."]})
        result = services.weigh_ticket_batch_ingest(point=request.auth, items=items)
        return Response(
            {
                "accepted": result.accepted,
                "duplicates": result.duplicates,
                "rejected": len(result.rejected),
                "items": result.rejected,
            }
        )


class TicketRollupSerializer(serializers.Serializer):
    enterprise = serializers.CharField()
    category = serializers.CharField()
    direction = serializers.CharField()
    period = serializers.DateField(help_text="The day, or the month's first day.")
    tickets = serializers.IntegerField()
    net_t = serializers.DecimalField(max_digits=14, decimal_places=3)


class TicketRollupsApi(ListAPIView):
    """Weigh tickets summed per enterprise, category, direction and local day (or month with
    ?granularity=month): the measured side of the cross-checks."""

    serializer_class = TicketRollupSerializer
    permission_classes = [IsPerson]
    filter_backends = []  # the parameters below are read by get_queryset

    @extend_schema(
        parameters=[
            OpenApiParameter("granularity", enum=["day", "month"], default="day"),
            OpenApiParameter("enterprise", description="Credit code."),
            OpenApiParameter("category", description="Waste category code."),
            OpenApiParameter("since", OpenApiTypes.DATE),
            OpenApiParameter("until", OpenApiTypes.DATE),
        ]
    )
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        params = self.request.query_params
        monthly = params.get("granularity") == "month"
        rows = ticket_rollup_list(user=self.request.user, monthly=monthly)
        filters = {}
        if params.get("enterprise"):
            filters["enterprise__credit_code"] = params["enterprise"]
        if params.get("category"):
            filters["category__code"] = params["category"]
        for name, lookup in (("since", "gte"), ("until", "lte")):
            if params.get(name):
                try:
                    filters[f"day__{lookup}"] = date.fromisoformat(params[name])
                except ValueError as exc:
                    raise ValidationError({name: ["A date, e.g. 2026-10-01."]}) from exc
        rows = rows.filter(**filters)
        if monthly:
            return [
                {
                    "enterprise": r["enterprise__credit_code"],
                    "category": r["category__code"],
                    "direction": r["direction"],
                    "period": r["period"],
                    "tickets": r["tickets"],
                    "net_t": r["net_t"],
                }
                for r in rows
            ]
        return [
            {
                "enterprise": r.enterprise.credit_code,
                "category": r.category.code,
                "direction": r.direction,
                "period": r.day,
                "tickets": r.tickets,
                "net_t": r.net_t,
            }
            for r in rows
        ]
