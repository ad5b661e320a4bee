"""Validation of weigh tickets pushed by devices: plain functions, fast enough for batches of
1,000, each error naming the field and the reason."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from parks.validators import credit_code_normalize, validate_credit_code
from wastewatch.text import InvalidText, normalize_code

TICKET_FIELDS = (
    "ticket_number",
    "weighed_at",
    "category",
    "direction",
    "gross_t",
    "tare_t",
    "net_t",
    "vehicle",
    "counterparty",
)
NET_TOLERANCE_T = Decimal("0.001")
CLOCK_SKEW = timedelta(minutes=10)
THOUSANDTH = Decimal("0.001")


class TicketInvalid(Exception):
    def __init__(self, fields: dict[str, list[str]]) -> None:
        super().__init__(fields)
        self.fields = fields


@dataclass(frozen=True)
class TicketValues:
    ticket_number: str
    weighed_at: datetime
    category_id: int
    direction: str
    gross_t: Decimal
    tare_t: Decimal
    net_t: Decimal
    vehicle: str
    counterparty: str


def _tonnes(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError
    number = Decimal(str(value))
    if not number.is_finite():
        raise ValueError
    return number.quantize(THOUSANDTH)


def ticket_clean(item: Any, *, categories: dict[str, int], now: datetime) -> TicketValues:
    """One ticket's values, or TicketInvalid with every field's problem."""
    if not isinstance(item, dict):
        raise TicketInvalid({"non_field_errors": [_("A ticket must be a JSON object.")]})
    errors: dict[str, list[str]] = {}

    def error(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    unknown = sorted(set(item) - set(TICKET_FIELDS))
    if unknown:
        error("non_field_errors", _("Unknown fields: %(fields)s.") % {"fields": ", ".join(unknown)})

    texts: dict[str, Any] = {}
    for field in ("ticket_number", "vehicle", "category", "counterparty"):
        value = item.get(field)
        if isinstance(value, str):  # full-width forms folded, control characters refused
            fold = credit_code_normalize if field == "counterparty" else normalize_code
            try:
                value = fold(value)
            except InvalidText as invalid:
                error(field, str(invalid))
                continue
        texts[field] = value

    number = texts.get("ticket_number")
    if "ticket_number" in errors:
        pass
    elif not isinstance(number, str) or not number:
        error("ticket_number", _("Required: the weighbridge's ticket number (text)."))
    elif len(number) > 64:
        error("ticket_number", _("At most 64 characters."))

    weighed_at = None
    raw_time = item.get("weighed_at")
    try:
        parsed = parse_datetime(raw_time) if isinstance(raw_time, str) else None
    except ValueError:  # well formed but impossible, e.g. 30 February
        error("weighed_at", _("%(time)s is not a real date and time.") % {"time": raw_time})
        parsed = False
    if parsed is None:
        error(
            "weighed_at", _("Required: an ISO 8601 date and time, e.g. 2026-11-23T08:15:00+08:00.")
        )
    elif parsed:
        if timezone.is_naive(parsed):  # a local weighbridge clock: the platform's time zone
            parsed = parsed.replace(tzinfo=ZoneInfo(settings.TIME_ZONE))
        if parsed > now + CLOCK_SKEW:
            error("weighed_at", _("%(time)s is in the future.") % {"time": raw_time})
        weighed_at = parsed

    category = texts.get("category")
    category_id = categories.get(category) if isinstance(category, str) else None
    if "category" in errors:
        pass
    elif category in (None, ""):
        error("category", _("Required: a waste category code such as SW01 or HW48."))
    elif category_id is None:
        error(
            "category",
            _("Unknown waste category %(code)r: use a code such as SW01 or HW48.")
            % {"code": category},
        )

    direction = item.get("direction")
    if direction not in ("in", "out"):
        error("direction", _('Must be "in" or "out".'))

    amounts: dict[str, Decimal] = {}
    for field in ("gross_t", "tare_t", "net_t"):
        if field == "net_t" and item.get(field) is None:
            continue
        try:
            amounts[field] = _tonnes(item.get(field))
        except (ValueError, InvalidOperation):
            error(field, _("Required: a number of tonnes."))
            continue
        if amounts[field] < 0:
            error(field, _("Cannot be negative."))
        elif amounts[field] > settings.WEIGH_TICKET_MAX_NET_T:
            error(
                field,
                _("%(value)s t in one weighing is implausible (limit %(limit)s t).")
                % {"value": amounts[field], "limit": settings.WEIGH_TICKET_MAX_NET_T},
            )
    if "gross_t" in amounts and "tare_t" in amounts and not errors.keys() & {"gross_t", "tare_t"}:
        computed = amounts["gross_t"] - amounts["tare_t"]
        if computed <= 0:
            error(
                "tare_t",
                _("Tare %(tare)s t must be less than gross %(gross)s t.")
                % {"tare": amounts["tare_t"], "gross": amounts["gross_t"]},
            )
        elif "net_t" in amounts and abs(amounts["net_t"] - computed) > NET_TOLERANCE_T:
            error(
                "net_t",
                _("Net %(net)s t is not gross − tare = %(computed)s t.")
                % {"net": amounts["net_t"], "computed": computed},
            )
        amounts["net_t"] = computed

    vehicle = texts.get("vehicle") or ""
    if "vehicle" not in errors and (not isinstance(vehicle, str) or len(vehicle) > 20):
        error("vehicle", _("A plate number of at most 20 characters."))
    counterparty = texts.get("counterparty") or ""
    if counterparty and "counterparty" not in errors:
        try:
            if not isinstance(counterparty, str):
                raise ValidationError(_("A unified social credit code (text)."))
            validate_credit_code(counterparty)
        except ValidationError as invalid:
            error("counterparty", invalid.messages[0])

    if errors:
        raise TicketInvalid(errors)
    return TicketValues(
        ticket_number=number,
        weighed_at=weighed_at,
        category_id=category_id,
        direction=direction,
        gross_t=amounts["gross_t"],
        tare_t=amounts["tare_t"],
        net_t=amounts["net_t"],
        vehicle=vehicle,
        counterparty=counterparty,
    )
