"""Writes of the monitoring app."""

import hashlib
import hmac
import json
import secrets
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from monitoring.models import MonitoringPoint, WasteCategory, WeighTicket
from monitoring.tickets import TicketInvalid, TicketValues, ticket_clean
from parks.models import Enterprise
from parks.selectors import enterprise_can_change
from wastewatch.audit import audit
from wastewatch.roles import User

WASTE_CATALOGUE_FIXTURE = settings.BASE_DIR / "fixtures" / "waste_categories.json"


@dataclass(frozen=True)
class CatalogueLoadResult:
    created: int
    updated: int
    unchanged: int


@transaction.atomic
def waste_catalogue_load(*, path: Path = WASTE_CATALOGUE_FIXTURE) -> CatalogueLoadResult:
    """Create or update the waste categories of the fixture; running it again changes nothing.

    Categories no longer in the fixture are kept: ledger lines may still refer to them.
    """
    items = json.loads(Path(path).read_text(encoding="utf-8"))["categories"]
    existing = {category.code: category for category in WasteCategory.objects.all()}
    created = updated = 0
    for item in items:
        values = {
            "name_zh": item["name_zh"],
            "name_en": item["name_en"],
            "is_hazardous": bool(item["hazardous"]),
            "catalogue_version": item["catalogue_version"],
        }
        category = existing.get(item["code"])
        if category is None:
            WasteCategory.objects.create(code=item["code"], **values)
            created += 1
        elif any(getattr(category, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(category, name, value)
            category.save()
            updated += 1
    return CatalogueLoadResult(created, updated, len(items) - created - updated)


@dataclass
class TicketBatchResult:
    accepted: int = 0
    duplicates: int = 0
    rejected: list[dict] = field(default_factory=list)


def _same_ticket(stored: WeighTicket, values: TicketValues) -> bool:
    return (
        stored.weighed_at == values.weighed_at
        and stored.category_id == values.category_id
        and stored.direction == values.direction
        and stored.gross_t == values.gross_t
        and stored.tare_t == values.tare_t
        and stored.net_t == values.net_t
    )


@transaction.atomic
def weigh_ticket_batch_ingest(*, point: MonitoringPoint, items: list[Any]) -> TicketBatchResult:
    """Store a device's batch: valid new tickets are inserted, tickets already stored are
    counted as duplicates (a retry never duplicates), the rest are rejected item by item.

    Batches of one point take turns (a lock on the point), so that reading before writing
    keeps one ticket per number even where the database's unique key, which must include the
    month partitioning it, is (point, ticket number, weighed at); `ingest_id` tells exactly
    which rows this call inserted.
    """
    if len(items) > settings.WEIGH_TICKET_BATCH_MAX:
        raise ValidationError(
            _("A batch holds at most %(max)d tickets; this one has %(n)d.")
            % {"max": settings.WEIGH_TICKET_BATCH_MAX, "n": len(items)}
        )
    result = TicketBatchResult()
    categories = dict(WasteCategory.objects.values_list("code", "id"))
    now = timezone.now()
    cleaned: dict[str, tuple[int, TicketValues]] = {}
    for index, item in enumerate(items):
        number = item.get("ticket_number") if isinstance(item, dict) else None
        try:
            values = ticket_clean(item, categories=categories, now=now)
        except TicketInvalid as invalid:
            result.rejected.append(
                {"index": index, "ticket_number": number, "fields": invalid.fields}
            )
            continue
        if values.ticket_number in cleaned:
            first = cleaned[values.ticket_number][0]
            message = _("Appears more than once in this batch (first at item %(first)d).")
            result.rejected.append(
                {
                    "index": index,
                    "ticket_number": number,
                    "fields": {"ticket_number": [message % {"first": first}]},
                }
            )
            continue
        cleaned[values.ticket_number] = (index, values)

    MonitoringPoint.objects.select_for_update().filter(pk=point.pk).exists()
    stored = {
        ticket.ticket_number: ticket
        for ticket in WeighTicket.objects.filter(point=point, ticket_number__in=list(cleaned))
    }
    ingest_id = uuid.uuid4()
    new = []
    for number, (index, values) in cleaned.items():
        previous = stored.get(number)
        if previous is None:
            new.append(WeighTicket(point=point, ingest_id=ingest_id, **asdict(values)))
        elif _same_ticket(previous, values):
            result.duplicates += 1
        else:
            message = _(
                "Already stored with other values (%(net)s t at %(time)s); a ticket "
                "cannot be changed."
            )
            result.rejected.append(
                {
                    "index": index,
                    "ticket_number": number,
                    "fields": {
                        "ticket_number": [
                            message
                            % {"net": previous.net_t, "time": previous.weighed_at.isoformat()}
                        ]
                    },
                }
            )
    if new:
        WeighTicket.objects.bulk_create(new, ignore_conflicts=True)
        result.accepted = WeighTicket.objects.filter(
            point=point, ticket_number__in=[t.ticket_number for t in new], ingest_id=ingest_id
        ).count()
        result.duplicates += len(new) - result.accepted  # stored meanwhile by a racing retry
        numbers = [ticket.ticket_number for ticket in new]
        # robust: a failing roll-up (repaired nightly) never fails the device's request
        transaction.on_commit(lambda: _enqueue_rollup(point.pk, numbers), robust=True)
    result.rejected.sort(key=lambda item: item["index"])
    return result


def _enqueue_rollup(point_id: int, ticket_numbers: list[str]) -> None:
    from monitoring.tasks import ticket_rollup_refresh_task

    ticket_rollup_refresh_task.delay(point_id, ticket_numbers)


def _check_can_manage(actor: User | None, point: MonitoringPoint) -> None:
    """None is the platform itself (commands, demo); people need the park's rights."""
    if actor is not None and not enterprise_can_change(user=actor, enterprise=point.enterprise):
        raise PermissionDenied(_("Only the park's operator or staff manage this device's key."))


def _key_hash(key: str) -> str:
    # Keys are 256-bit random strings: a fast hash is enough, and keeps device calls cheap.
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def monitoring_point_create(
    *, actor: User, enterprise: Enterprise, code: str, kind: str, name: str = ""
) -> MonitoringPoint:
    point = MonitoringPoint(enterprise=enterprise, code=code, kind=kind, name=name)
    _check_can_manage(actor, point)
    point.full_clean()
    point.save()
    return point


@transaction.atomic
def device_key_issue(*, actor: User | None, point: MonitoringPoint) -> str:
    """A new key for the point, replacing any previous one; returned once, stored hashed."""
    _check_can_manage(actor, point)
    prefix = secrets.token_hex(6)
    key = f"ww_{prefix}_{secrets.token_urlsafe(32)}"
    point.key_prefix = prefix
    point.key_hash = _key_hash(key)
    point.key_issued_at = timezone.now()
    point.key_revoked_at = None
    point.save(update_fields=["key_prefix", "key_hash", "key_issued_at", "key_revoked_at"])
    audit("device_key.issued", actor=actor, point=point.pk, key_prefix=prefix)
    return key


@transaction.atomic
def device_key_revoke(*, actor: User | None, point: MonitoringPoint) -> None:
    _check_can_manage(actor, point)
    point.key_revoked_at = timezone.now()
    point.save(update_fields=["key_revoked_at"])
    audit("device_key.revoked", actor=actor, point=point.pk, key_prefix=point.key_prefix)


def monitoring_point_for_key(key: str) -> MonitoringPoint | None:
    """The point a device key belongs to, if the key is valid and not revoked."""
    parts = key.split("_", 2)
    if len(parts) != 3 or parts[0] != "ww":
        return None
    point = MonitoringPoint.objects.filter(key_prefix=parts[1]).first()
    if point is None or not point.has_active_key:
        return None
    return point if hmac.compare_digest(point.key_hash, _key_hash(key)) else None
