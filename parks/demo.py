"""The Baotou demonstration: parks, enterprises and one account per role.

Loading is idempotent: a second run changes nothing (and writes no history) unless the
fixture changed. Passwords are generated once, kept in var/demo-credentials.json (not in the
repository) and printed on every run.
"""

import json
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.gis.geos import GEOSGeometry, Point
from django.db import transaction

from parks import services
from parks.models import Enterprise, EnterpriseMembership, Park, ParkMembership
from wastewatch.roles import REGULATOR_GROUP

DEMO_FIXTURE = settings.BASE_DIR / "fixtures" / "demo" / "baotou.json"
OPERATOR_ADMIN_PERMISSIONS = [
    ("parks", "view_park"),
    ("parks", "change_park"),
    ("parks", "view_enterprise"),
    ("parks", "add_enterprise"),
    ("parks", "change_enterprise"),
]


@dataclass
class DemoResult:
    parks_created: int = 0
    parks_updated: int = 0
    enterprises_created: int = 0
    enterprises_updated: int = 0
    credentials: dict[str, str] = field(default_factory=dict)


def _park_fields(item: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": item["name"],
        "name_en": item.get("name_en", ""),
        "level": item["level"],
        "district": item.get("district", ""),
        "operator": item.get("operator", ""),
        "boundary": GEOSGeometry(json.dumps(item["boundary"]), srid=4326),
    }


def _enterprise_fields(item: dict[str, Any], parks: dict[str, Park]) -> dict[str, Any]:
    lon, lat = item["location"]
    return {
        "name": item["name"],
        "industry_code": item["industry_code"],
        "park": parks[item["park"]],
        "location": Point(lon, lat, srid=4326),
        "permit_number": item.get("permit_number", ""),
        "is_key_unit": bool(item.get("key_unit", False)),
        "hazardous_waste_tier": item.get("hazardous_waste_tier", ""),
    }


def _differs(obj: Park | Enterprise, fields: dict[str, Any]) -> bool:
    for name, value in fields.items():
        current = getattr(obj, name)
        if isinstance(value, GEOSGeometry):
            if current is None or not current.equals_exact(value, tolerance=1e-9):
                return True
        elif current != value:
            return True
    return False


@transaction.atomic
def demo_registry_load(path: Path = DEMO_FIXTURE) -> DemoResult:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    result = DemoResult()
    parks: dict[str, Park] = {}
    for item in data["parks"]:
        fields = _park_fields(item)
        park = Park.objects.filter(code=item["code"]).first()
        if park is None:
            boundary = fields.pop("boundary")
            park = services.park_create(actor=None, code=item["code"], boundary=boundary, **fields)
            result.parks_created += 1
        elif _differs(park, fields):
            services.park_update(actor=None, park=park, data=fields)
            result.parks_updated += 1
        parks[park.code] = park
    for item in data["enterprises"]:
        fields = _enterprise_fields(item, parks)
        enterprise = Enterprise.objects.filter(credit_code=item["credit_code"]).first()
        if enterprise is None:
            location = fields.pop("location")
            services.enterprise_create(
                actor=None, credit_code=item["credit_code"], location=location, **fields
            )
            result.enterprises_created += 1
        elif _differs(enterprise, fields):
            services.enterprise_update(actor=None, enterprise=enterprise, data=fields)
            result.enterprises_updated += 1
    return result


def _credentials_file() -> Path:
    return Path(settings.VAR_DIR) / "demo-credentials.json"


@transaction.atomic
def demo_users_create() -> dict[str, str]:
    """One account per role; returns {username: password}."""
    path = _credentials_file()
    known: dict[str, str] = json.loads(path.read_text()) if path.exists() else {}
    user_model = get_user_model()
    regulators, _ = Group.objects.get_or_create(name=REGULATOR_GROUP)
    first_steel = Enterprise.objects.filter(park__code="BT-STEEL").order_by("credit_code").first()
    accounts: dict[str, dict[str, Any]] = {
        "admin": {"is_superuser": True, "is_staff": True},
        "regulator": {"groups": [regulators]},
        "operator-eqp": {"is_staff": True, "parks": ["BT-EQP"]},
        "operator-steel": {"is_staff": True, "parks": ["BT-STEEL"]},
        "enterprise": {"enterprises": [first_steel] if first_steel else []},
    }
    permissions = [
        Permission.objects.get(content_type__app_label=app, codename=codename)
        for app, codename in OPERATOR_ADMIN_PERMISSIONS
    ]
    credentials = {}
    for username, spec in accounts.items():
        user, created = user_model.objects.get_or_create(username=username)
        password = known.get(username)
        if created or password is None or not user.check_password(password):
            password = secrets.token_urlsafe(12)
            user.set_password(password)
        user.is_staff = spec.get("is_staff", False)
        user.is_superuser = spec.get("is_superuser", False)
        user.save()
        user.groups.add(*spec.get("groups", []))
        for code in spec.get("parks", []):
            ParkMembership.objects.get_or_create(user=user, park=Park.objects.get(code=code))
            user.user_permissions.add(*permissions)
        for enterprise in spec.get("enterprises", []):
            EnterpriseMembership.objects.get_or_create(user=user, enterprise=enterprise)
        credentials[username] = password
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(credentials, indent=1))
    path.chmod(0o600)
    return credentials
