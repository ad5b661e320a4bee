"""Registry API v1: parks and enterprises. Reads go through selectors, writes through services."""

import contextlib
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework_gis.pagination import GeoJsonPagination

from parks import selectors, services
from parks.filters import EnterpriseFilter, ParkFilter
from parks.models import Enterprise, Park
from parks.selectors import enterprise_can_change, park_can_change, parks_operated
from parks.serializers import (
    COMPUTED,
    ENTERPRISE_READ_ONLY,
    PARK_READ_ONLY,
    EnterpriseFeatureSerializer,
    EnterpriseInputSerializer,
    EnterpriseSerializer,
    EnterpriseUpdateSerializer,
    HistoryRecordSerializer,
    ParkFeatureSerializer,
    ParkInputSerializer,
    ParkSerializer,
    ParkSummarySerializer,
    ParkUpdateSerializer,
)
from wastewatch.roles import is_staff_admin
from wastewatch.text import InvalidText, normalize_code


class GeoJsonPageNumberPagination(GeoJsonPagination):
    """A FeatureCollection page: {type, count, next, previous, features}."""

    page_size = 500
    page_size_query_param = "page_size"
    max_page_size = 2000

    def get_paginated_response_schema(self, schema: dict) -> dict:
        """The serializer's FeatureCollection, plus the page's count and links."""
        link = {"type": "string", "format": "uri", "nullable": True}
        page = {
            "type": "object",
            "required": ["count"],
            "properties": {"count": {"type": "integer"}, "next": link, "previous": link},
        }
        return {"allOf": [schema, page]}


class ParkViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Industrial parks the user may read; staff register parks, operators keep theirs."""

    lookup_field = "code"
    filterset_class = ParkFilter

    def get_queryset(self) -> QuerySet[Park]:
        parks = (
            selectors.park_list(user=self.request.user)
            .annotate(enterprise_count=Count("enterprises"))
            .order_by("code")  # Meta.ordering does not apply to GROUP BY queries
        )
        if self.action == "list":
            parks = parks.defer("boundary")
        return parks

    def get_serializer_class(self):
        return {"list": ParkSummarySerializer, "geojson": ParkFeatureSerializer}.get(
            self.action, ParkSerializer
        )

    @extend_schema(request=ParkInputSerializer, responses={201: ParkSerializer})
    def create(self, request: Request) -> Response:
        if not is_staff_admin(request.user):  # before the input: no hints for the unentitled
            raise PermissionDenied(_("Only a staff administrator can register a park."))
        data = _validated(ParkInputSerializer, request)
        park = services.park_create(actor=request.user, **data)
        return Response(self._output(park), status=status.HTTP_201_CREATED)

    @extend_schema(request=ParkUpdateSerializer, responses=ParkSerializer)
    def update(self, request: Request, code: str) -> Response:
        return self._update(request, partial=False)

    @extend_schema(request=ParkUpdateSerializer, responses=ParkSerializer)
    def partial_update(self, request: Request, code: str) -> Response:
        return self._update(request, partial=True)

    def _update(self, request: Request, *, partial: bool) -> Response:
        park = self.get_object()
        if not park_can_change(user=request.user, park=park):
            raise PermissionDenied(_("You may not change this park."))
        _refuse_read_only_changes(request, ParkSerializer(park).data, PARK_READ_ONLY)
        data = _validated(ParkUpdateSerializer, request, partial=partial)
        services.park_update(actor=request.user, park=park, data=data)
        return Response(self._output(park))

    def _output(self, park: Park) -> dict:
        return ParkSerializer(self.get_queryset().get(pk=park.pk)).data

    @extend_schema(responses=ParkFeatureSerializer(many=True), filters=True)
    @action(detail=False, url_path="geojson", pagination_class=None)
    def geojson(self, request: Request) -> Response:
        """All visible parks as a GeoJSON FeatureCollection, for map layers."""
        parks = self.filter_queryset(self.get_queryset())
        return Response(ParkFeatureSerializer(parks, many=True).data)

    @extend_schema(responses=HistoryRecordSerializer(many=True), filters=False)
    @action(detail=True, pagination_class=None, filterset_class=None)
    def history(self, request: Request, code: str) -> Response:
        """Who changed the park, when, and what changed, newest first."""
        park = self.get_object()
        return Response(HistoryRecordSerializer(selectors.record_history(obj=park), many=True).data)


class EnterpriseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Enterprises the user may read; park operators register and update their parks' ones."""

    lookup_field = "credit_code"
    lookup_value_regex = "[0-9A-Z]{18}"
    filterset_class = EnterpriseFilter

    def get_queryset(self) -> QuerySet[Enterprise]:
        return selectors.enterprise_list(user=self.request.user)

    def get_serializer_class(self):
        if self.action == "geojson":
            return EnterpriseFeatureSerializer
        return EnterpriseSerializer

    @extend_schema(request=EnterpriseInputSerializer, responses={201: EnterpriseSerializer})
    def create(self, request: Request) -> Response:
        _check_target_park_first(request)
        data = _validated(EnterpriseInputSerializer, request)
        enterprise = services.enterprise_create(actor=request.user, **data)
        return Response(EnterpriseSerializer(enterprise).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=EnterpriseUpdateSerializer, responses=EnterpriseSerializer)
    def update(self, request: Request, credit_code: str) -> Response:
        return self._update(request, partial=False)

    @extend_schema(request=EnterpriseUpdateSerializer, responses=EnterpriseSerializer)
    def partial_update(self, request: Request, credit_code: str) -> Response:
        return self._update(request, partial=True)

    def _update(self, request: Request, *, partial: bool) -> Response:
        enterprise = self.get_object()
        if not enterprise_can_change(user=request.user, enterprise=enterprise):
            raise PermissionDenied(_("You may not change this enterprise."))
        if _field(request, "park") is not None:
            _check_target_park_first(request)
        current = EnterpriseSerializer(enterprise).data
        _refuse_read_only_changes(request, current, ENTERPRISE_READ_ONLY)
        data = _validated(EnterpriseUpdateSerializer, request, partial=partial)
        services.enterprise_update(actor=request.user, enterprise=enterprise, data=data)
        return Response(EnterpriseSerializer(enterprise).data)

    @extend_schema(responses=EnterpriseFeatureSerializer(many=True))
    @action(detail=False, url_path="geojson", pagination_class=GeoJsonPageNumberPagination)
    def geojson(self, request: Request) -> Response:
        """Visible enterprises as GeoJSON features (paginated FeatureCollection)."""
        enterprises = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        serializer = EnterpriseFeatureSerializer(enterprises, many=True)
        return self.get_paginated_response(serializer.data)

    @extend_schema(responses=HistoryRecordSerializer(many=True), filters=False)
    @action(detail=True, pagination_class=None, filterset_class=None)
    def history(self, request: Request, credit_code: str) -> Response:
        """Who changed the enterprise, when, and what changed, newest first."""
        enterprise = self.get_object()
        records = selectors.record_history(obj=enterprise)
        return Response(HistoryRecordSerializer(records, many=True).data)


def _validated(serializer_class, request: Request, *, partial: bool = False) -> dict:
    serializer = serializer_class(data=request.data, partial=partial)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def _field(request: Request, name: str) -> Any:
    return request.data.get(name) if hasattr(request.data, "get") else None


def _check_target_park_first(request: Request) -> None:
    """Only a staff admin registers or moves enterprises outside the parks it operates; the
    right is checked before the input so that an unknown park and somebody else's park get
    the same 403 (the registry does not tell who may not write which parks exist)."""
    if is_staff_admin(request.user):
        return
    code = _field(request, "park")
    operated = parks_operated(user=request.user)
    if not (isinstance(code, str) and operated.filter(code=code).exists()):
        raise PermissionDenied(_("You may only register enterprises in parks you operate."))


def _refuse_read_only_changes(request: Request, current: dict, read_only: dict[str, Any]) -> None:
    """An update may repeat an identity or computed field unchanged (a PUT of what GET
    returned); changing one is refused with the reason rather than silently ignored."""
    errors = {}
    for name, reason in read_only.items():
        if not hasattr(request.data, "__contains__") or name not in request.data:
            continue
        sent = request.data.get(name)
        if isinstance(sent, str) and name == "credit_code":
            with contextlib.suppress(InvalidText):  # then it differs, and is refused below
                sent = normalize_code(sent).upper()
        if sent != current.get(name):
            errors[name] = [str(reason) if reason else str(COMPUTED % {"field": name})]
    if errors:
        raise ValidationError(errors)
