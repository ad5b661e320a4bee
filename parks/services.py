"""Writes to the registry. Each checks the actor may make it, validates, and records who."""

from typing import Any

from django.contrib.gis.geos import GEOSGeometry
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from parks.geo import boundary_clean, location_clean
from parks.models import Enterprise, Park
from parks.selectors import enterprise_can_change, park_can_change, parks_operated
from wastewatch.roles import User, is_staff_admin

PARK_FIELDS = ("name", "name_en", "level", "district", "operator", "boundary")
ENTERPRISE_FIELDS = (
    "name",
    "industry_code",
    "park",
    "location",
    "permit_number",
    "is_key_unit",
    "hazardous_waste_tier",
)


def _save(obj: Park | Enterprise, *, actor: User | None) -> None:
    obj.full_clean()
    obj._history_user = actor if actor is not None and actor.is_authenticated else None
    obj.save()


def _refresh_outside_flag(enterprise: Enterprise) -> None:
    park = enterprise.park
    enterprise.outside_park_boundary = park is not None and not park.contains(enterprise.location)


@transaction.atomic
def park_create(*, actor: User | None, code: str, boundary: GEOSGeometry, **fields: Any) -> Park:
    if actor is not None and not is_staff_admin(actor):
        raise PermissionDenied(_("Only a staff administrator can register a park."))
    park = Park(code=code, boundary=boundary_clean(boundary), **fields)
    _save(park, actor=actor)
    return park


@transaction.atomic
def park_update(*, actor: User | None, park: Park, data: dict[str, Any]) -> Park:
    if actor is not None and not park_can_change(user=actor, park=park):
        raise PermissionDenied(_("You may not change this park."))
    boundary_changed = "boundary" in data
    for field in PARK_FIELDS:
        if field in data:
            value = data[field]
            setattr(park, field, boundary_clean(value) if field == "boundary" else value)
    _save(park, actor=actor)
    if boundary_changed:
        enterprises = Enterprise.objects.filter(park=park)
        enterprises.filter(location__intersects=park.boundary).update(outside_park_boundary=False)
        enterprises.exclude(location__intersects=park.boundary).update(outside_park_boundary=True)
    return park


def _check_target_park(actor: User | None, park: Park | None) -> None:
    if actor is None or is_staff_admin(actor):
        return
    if park is None or not parks_operated(user=actor).filter(pk=park.pk).exists():
        raise PermissionDenied(_("You may only register enterprises in parks you operate."))


@transaction.atomic
def enterprise_create(
    *, actor: User | None, credit_code: str, location: GEOSGeometry, **fields: Any
) -> Enterprise:
    _check_target_park(actor, fields.get("park"))
    enterprise = Enterprise(credit_code=credit_code, location=location_clean(location), **fields)
    _refresh_outside_flag(enterprise)
    _save(enterprise, actor=actor)
    return enterprise


@transaction.atomic
def enterprise_update(
    *, actor: User | None, enterprise: Enterprise, data: dict[str, Any]
) -> Enterprise:
    if actor is not None and not enterprise_can_change(user=actor, enterprise=enterprise):
        raise PermissionDenied(_("You may not change this enterprise."))
    if "park" in data:
        _check_target_park(actor, data["park"])
    for field in ENTERPRISE_FIELDS:
        if field in data:
            value = data[field]
            setattr(enterprise, field, location_clean(value) if field == "location" else value)
    _refresh_outside_flag(enterprise)
    _save(enterprise, actor=actor)
    return enterprise


def enterprise_lock(*, enterprise_id: int) -> None:
    """Serialise work on one enterprise's data until the caller's transaction ends (used by
    recomputations that two processes may start at once)."""
    Enterprise.objects.select_for_update().filter(pk=enterprise_id).exists()
