"""Hazardous-waste transfer manifests (转移联单): the generator creates one per trip, the
receiver confirms receipt within 5 working days of the day of receipt, and the platform
compares the two quantities.

Writes (`manifest_create`, `manifest_receipt_confirm`, `manifest_due_dates_refresh`) and reads
(`manifest_list`, `manifest_figures`, …) live together here because they share the rules.
Dates in the rules are local dates in settings.TIME_ZONE (Asia/Shanghai, Beijing time).
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import chinese_calendar
import django_filters
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Q, QuerySet
from django.db.models.functions import Abs, Coalesce
from django.forms import DateInput
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from monitoring.models import Manifest, WasteCategory
from monitoring.tickets import CLOCK_SKEW
from monitoring.waste_list import waste_code_listed
from parks.filters import ParkCodeFilter
from parks.models import Enterprise
from parks.selectors import enterprise_list, enterprise_list_reportable, enterprise_named
from parks.validators import validate_credit_code
from wastewatch.api.exceptions import ApplicationError
from wastewatch.filters import MonthFilter, StableOrdering
from wastewatch.periods import month_add
from wastewatch.roles import User, reads_whole_city
from wastewatch.text import InvalidText, check_printable, normalize_code

CONFIRMATION_WORKING_DAYS = 5  # 《危险废物转移管理办法》第十八条
NUMBER_RE = re.compile(r"^\d{14}$")
WASTE_CODE_RE = re.compile(r"^\d{3}-\d{3}-\d{2}$")
# GB/T 2260 provincial-level codes: the only values digits 5–6 of a number can take.
PROVINCE_CODES = frozenset(
    {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46}
    | {50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82}
)
ZERO = Decimal("0")
# GA 36-2018 plates: province abbreviation, issuing-office letter (no I or O), then 5
# characters (the last may be 挂 trailer, 学 learner, 警, 港, 澳, 领, 试, 超), or 6 for a
# new-energy vehicle (a letter then 5 characters for a car, 5 digits then a letter for a
# large vehicle).
PLATE_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
_PLATE_LETTER = "[A-HJ-NP-Z]"
_PLATE_CHAR = "[A-HJ-NP-Z0-9]"
PLATE_RE = re.compile(
    rf"^[{PLATE_PROVINCES}]{_PLATE_LETTER}"
    rf"(?:{_PLATE_CHAR}{{4}}[A-HJ-NP-Z0-9挂学警港澳领试超]"  # ordinary, 7 characters
    rf"|{_PLATE_LETTER}{_PLATE_CHAR}[0-9]{{4}}"  # new-energy car, 8
    rf"|[0-9]{{5}}{_PLATE_LETTER})$"  # new-energy large vehicle, 8
)
_PLATE_SEPARATORS = re.compile(r"[\s·•.\-]")
TRANSPORTER_NAME_MAX = 200
RECEIPT_NOTE_MAX = 2000


def plate_normalize(value: str) -> str:
    """蒙b·1234x → 蒙B1234X: folded, upper case, without the spaces and dots people type."""
    return _PLATE_SEPARATORS.sub("", normalize_code(value)).upper()


def plate_problem(plate: str) -> str | None:
    """Why `plate` (normalised) is not a Chinese plate number, or None."""
    if len(plate) > 8:
        return _("A plate has 7 characters (8 for a new-energy vehicle); this one has %(n)d.") % {
            "n": len(plate)
        }
    if not PLATE_RE.match(plate):
        return _(
            "%(value)s is not a plate number: a province's abbreviation, a letter and 5 "
            "letters or digits (6 for a new-energy vehicle), e.g. 蒙B12345 or 蒙BD12345."
        ) % {"value": plate}
    return None


def max_load_t(category: WasteCategory) -> tuple[Decimal, str]:
    """The most one vehicle may plausibly carry of `category`, and the setting saying so."""
    by_category = settings.MANIFEST_MAX_LOAD_T_BY_CATEGORY
    if category.code in by_category:
        return Decimal(str(by_category[category.code])), "MANIFEST_MAX_LOAD_T_BY_CATEGORY"
    return Decimal(str(settings.MANIFEST_MAX_LOAD_T)), "MANIFEST_MAX_LOAD_T"


def _normalized(errors: "_Errors", name: str, value: str, fold=normalize_code) -> str:
    """`value` folded (NFKC, trimmed), or "" with the reason when it holds a control
    character."""
    try:
        return fold(value or "")
    except InvalidText as invalid:
        errors.add(name, str(invalid))
        return ""


def _printable(errors: "_Errors", name: str, value: str, *, limit: int, multiline: bool) -> str:
    """Free text as typed (trimmed): any printable Unicode, at most `limit` characters."""
    value = (value or "").strip()
    try:
        check_printable(value, multiline=multiline)
    except InvalidText as invalid:
        errors.add(name, str(invalid))
        return ""
    if len(value) > limit:
        errors.add(
            name,
            _("At most %(limit)d characters; this text has %(n)d.")
            % {"limit": limit, "n": len(value)},
        )
    return value


class ManifestStatus(models.TextChoices):
    """What the list filters on; a confirmed manifest may also be discrepant."""

    UNCONFIRMED = "unconfirmed", gettext_lazy("Unconfirmed")
    CONFIRMED = "confirmed", gettext_lazy("Confirmed")
    OVERDUE = "overdue", gettext_lazy("Overdue")
    DISCREPANT = "discrepant", gettext_lazy("Discrepant")


class ManifestAlreadyConfirmed(ApplicationError):
    code = "already_confirmed"


class CalendarYearNotCovered(Exception):
    """The installed chinesecalendar has no official holiday schedule for `year`: a deadline
    that depends on it is left empty rather than guessed from weekends."""

    def __init__(self, year: int) -> None:
        super().__init__(year)
        self.year = year

    @property
    def note(self) -> str:
        return _(
            "The official calendar has no data for %(year)d yet; the deadline is not computed."
        ) % {"year": self.year}


def local_date(moment: datetime) -> date:
    return timezone.localdate(moment, timezone.get_default_timezone())


def local_today() -> date:
    return local_date(timezone.now())


# --- working days --------------------------------------------------------------------------


def _working_days_after(day: date, count: int) -> date:
    """The `count`th working day after `day`, per the State Council's calendar with its 调休
    make-up days, or CalendarYearNotCovered.

    Counted from the day after, like `chinese_calendar.find_workday(count, day)` for a working
    day; for a Saturday or holiday find_workday would count the next working day as day 0 and
    land one working day later, so the days are counted here directly.
    """
    counted = 0
    while counted < count:
        day += timedelta(days=1)
        try:
            working = chinese_calendar.is_workday(day)
        except NotImplementedError as missing:
            raise CalendarYearNotCovered(day.year) from missing
        counted += working
    return day


def manifest_due_date(*, received_at: datetime) -> date:
    """The confirmation deadline: the 5th working day after the (Beijing) day of receipt, as
    第十八条 counts it (在接受之日起五个工作日内), or CalendarYearNotCovered."""
    return _working_days_after(local_date(received_at), CONFIRMATION_WORKING_DAYS)


def _receipt_working_days() -> int:
    """Working days after shipping until an unconfirmed manifest is overdue: the time the
    waste may take to arrive, then the 5 the receiver has to confirm."""
    return settings.MANIFEST_TRANSIT_WORKING_DAYS + CONFIRMATION_WORKING_DAYS


def manifest_receipt_overdue_date(*, shipped_at: datetime) -> date:
    """The last day an unconfirmed manifest is not overdue: MANIFEST_TRANSIT_WORKING_DAYS
    working days to arrive, then 5 to confirm, after the (Beijing) shipping day. The receipt's
    own day is unknown until it is confirmed, so this is the latest the deadline can fall on
    if the waste arrived in the time a transfer takes. CalendarYearNotCovered when unknown."""
    return _working_days_after(local_date(shipped_at), _receipt_working_days())


def _unconfirmed_overdue(manifests: QuerySet[Manifest], today: date) -> QuerySet[Manifest]:
    """The database side of ManifestFigures.is_overdue: unconfirmed, shipped on a Beijing day
    whose manifest_receipt_overdue_date is before `today`. That holds for the days before the
    one on which, counting back from yesterday, the required working days are complete; none
    when the calendar does not cover those days."""
    day, counted = today, 0
    try:
        while counted < _receipt_working_days():
            day -= timedelta(days=1)
            counted += chinese_calendar.is_workday(day)
    except NotImplementedError:
        return manifests.none()
    return manifests.filter(received_at__isnull=True, shipped_at__lt=_day_start(day))


def _due_or_none(received_at: datetime) -> date | None:
    try:
        return manifest_due_date(received_at=received_at)
    except CalendarYearNotCovered:
        return None


@dataclass
class DueDateRefreshResult:
    filled: int = 0
    waiting: int = 0
    missing_years: list[int] = field(default_factory=list)


@transaction.atomic
def manifest_due_dates_refresh(*, batch_size: int = 1000) -> DueDateRefreshResult:
    """Fill the due dates of confirmed receipts left empty because the calendar lacked a
    year; run it after upgrading chinesecalendar (the `refresh_manifest_deadlines` command
    does). Only empty dates are touched, so running it again changes nothing."""
    result = DueDateRefreshResult()
    missing: set[int] = set()
    pending = Manifest.objects.filter(
        confirmation_due__isnull=True, received_at__isnull=False
    ).only("pk", "received_at")
    batch: list[Manifest] = []
    for manifest in pending.iterator(chunk_size=batch_size):
        try:
            manifest.confirmation_due = manifest_due_date(received_at=manifest.received_at)
        except CalendarYearNotCovered as gap:
            result.waiting += 1
            missing.add(gap.year)
            continue
        batch.append(manifest)
        if len(batch) >= batch_size:
            result.filled += Manifest.objects.bulk_update(batch, ["confirmation_due"])
            batch = []
    if batch:
        result.filled += Manifest.objects.bulk_update(batch, ["confirmation_due"])
    result.missing_years = sorted(missing)
    return result


# --- who may do what -----------------------------------------------------------------------
# Acting for an enterprise on manifests is reporting for it: staff for all, a park operator
# for its parks' enterprises, an enterprise user for its own; regulators read but never act.


def manifest_can_create(*, user: User, generator: Enterprise) -> bool:
    return enterprise_list_reportable(user=user).filter(pk=generator.pk).exists()


def manifest_can_confirm(*, user: User, manifest: Manifest) -> bool:
    return enterprise_list_reportable(user=user).filter(pk=manifest.receiver_id).exists()


# --- writes --------------------------------------------------------------------------------


class _Errors(dict[str, list[str]]):
    def add(self, name: str, message: str) -> None:
        self.setdefault(name, []).append(message)

    def raise_if_any(self) -> None:
        if self:
            raise ValidationError(dict(self))


def _shown(moment: datetime) -> str:
    return f"{timezone.localtime(moment, timezone.get_default_timezone()):%Y-%m-%d %H:%M}"


def _check_time(errors: _Errors, name: str, moment: datetime, future: str) -> bool:
    """Aware and not in the future (a device or server clock may run CLOCK_SKEW ahead)."""
    if not isinstance(moment, datetime) or timezone.is_naive(moment):
        errors.add(name, _("Required: a date and time with its UTC offset."))
        return False
    if moment > timezone.now() + CLOCK_SKEW:
        errors.add(name, future % {"time": _shown(moment)})
        return False
    return True


def _check_model_fields(errors: _Errors, manifest: Manifest) -> None:
    """Lengths and decimal places as the model stores them, for fields not already refused."""
    try:
        manifest.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as invalid:
        for name, messages in invalid.message_dict.items():
            if name not in errors:
                for message in messages:
                    errors.add(name, message)


@transaction.atomic
def manifest_create(
    *,
    actor: User,
    number: str,
    generator: Enterprise,
    receiver: Enterprise,
    transporter_name: str,
    vehicle: str,
    category: WasteCategory,
    waste_code: str,
    quantity_shipped_t: Decimal,
    shipped_at: datetime,
    transporter_credit_code: str = "",
) -> Manifest:
    """Record a shipment as the generator declares it; its confirmation deadline is computed
    now (or left empty while the official calendar does not cover it). Every field is
    checked and all problems are reported together."""
    if not manifest_can_create(user=actor, generator=generator):
        raise PermissionDenied(
            _("Only the generator, its park's operator or staff create its manifests.")
        )
    errors = _Errors()
    # Identifiers folded to their ordinary form first (full-width digits from Chinese input
    # methods are the same number); free text kept as typed.
    number = _normalized(errors, "number", number)
    waste_code = _normalized(errors, "waste_code", waste_code)
    transporter_credit_code = _normalized(
        errors,
        "transporter_credit_code",
        transporter_credit_code,
        lambda v: normalize_code(v).upper(),
    )
    vehicle = _normalized(errors, "vehicle", vehicle, plate_normalize)
    transporter_name = _printable(
        errors,
        "transporter_name",
        transporter_name,
        limit=TRANSPORTER_NAME_MAX,
        multiline=False,
    )

    shipped_ok = _check_time(
        errors, "shipped_at", shipped_at, _("The shipping time %(time)s is in the future.")
    )
    if "number" in errors:
        pass
    elif not NUMBER_RE.match(number):
        errors.add(
            "number",
            _(
                "A manifest number is 14 digits: year (4), province (2), prefecture (2) and "
                "serial (6); %(value)s is not."
            )
            % {"value": repr(number)},
        )
    else:
        if int(number[4:6]) not in PROVINCE_CODES:
            errors.add(
                "number",
                _(
                    "Digits 5–6 (%(code)s) are not a provincial code (GB/T 2260), e.g. 15 for "
                    "Inner Mongolia."
                )
                % {"code": number[4:6]},
            )
        if shipped_ok and int(number[:4]) != local_date(shipped_at).year:
            errors.add(
                "number",
                _(
                    "The number starts with the year %(number_year)s, but the waste was shipped "
                    "in %(year)d (Beijing time)."
                )
                % {"number_year": number[:4], "year": local_date(shipped_at).year},
            )
        if "number" not in errors and Manifest.objects.filter(number=number).exists():
            errors.add("number", _("Manifest %(number)s already exists.") % {"number": number})

    if receiver.pk == generator.pk:
        errors.add("receiver", _("The receiver must be another enterprise than the generator."))
    if not transporter_name and "transporter_name" not in errors:
        errors.add("transporter_name", _("Required: the transporter's name."))
    if transporter_credit_code:
        try:
            validate_credit_code(transporter_credit_code)
        except ValidationError as invalid:
            errors.add("transporter_credit_code", invalid.messages[0])
    if "vehicle" in errors:
        pass
    elif not vehicle:
        errors.add("vehicle", _("Required: the vehicle's plate number."))
    elif problem := plate_problem(vehicle):
        errors.add("vehicle", problem)

    if not category.is_hazardous:
        errors.add(
            "category",
            _("%(code)s is not a hazardous-waste category: a manifest carries HW waste only.")
            % {"code": category.code},
        )
    if "waste_code" in errors:
        pass
    elif not WASTE_CODE_RE.match(waste_code):
        errors.add(
            "waste_code",
            _("Write the waste code as AAA-BBB-CC (8 digits), e.g. 321-024-48; got %(value)s.")
            % {"value": repr(waste_code)},
        )
    elif category.is_hazardous and f"HW{waste_code[-2:]}" != category.code:
        errors.add(
            "waste_code",
            _("Waste code %(code)s belongs to HW%(cc)s, not to %(category)s.")
            % {"code": waste_code, "cc": waste_code[-2:], "category": category.code},
        )
    elif waste_code_listed(waste_code) is False:
        errors.add(
            "waste_code",
            _("Waste code %(code)s is not on the National Hazardous Waste List.")
            % {"code": waste_code},
        )

    if not isinstance(quantity_shipped_t, Decimal) or not quantity_shipped_t.is_finite():
        errors.add("quantity_shipped_t", _("Required: a number of tonnes."))
    elif quantity_shipped_t <= ZERO:
        errors.add("quantity_shipped_t", _("The quantity shipped must be more than 0 t."))
    else:
        limit, setting = max_load_t(category)
        if quantity_shipped_t > limit:
            message = (
                _(
                    "%(value)s t of %(category)s is more than one vehicle can plausibly carry "
                    "(limit %(limit)s t, %(setting)s)."
                )
                if setting == "MANIFEST_MAX_LOAD_T_BY_CATEGORY"
                else _(
                    "%(value)s t is more than one vehicle can plausibly carry "
                    "(limit %(limit)s t, %(setting)s)."
                )
            )
            errors.add(
                "quantity_shipped_t",
                message
                % {
                    "value": quantity_shipped_t.quantize(Decimal("0.001")),
                    "category": category.code,
                    "limit": limit,
                    "setting": setting,
                },
            )

    manifest = Manifest(
        number=number,
        generator=generator,
        transporter_name=transporter_name,
        transporter_credit_code=transporter_credit_code,
        vehicle=vehicle,
        receiver=receiver,
        category=category,
        waste_code=waste_code,
        quantity_shipped_t=quantity_shipped_t,
        shipped_at=shipped_at,
        created_by=actor,
    )
    _check_model_fields(errors, manifest)
    errors.raise_if_any()

    try:
        with transaction.atomic():
            manifest.save()
    except IntegrityError as clash:  # the same number stored meanwhile by a racing request
        raise ValidationError(
            {"number": [_("Manifest %(number)s already exists.") % {"number": number}]}
        ) from clash
    return manifest


@transaction.atomic
def manifest_receipt_confirm(
    *,
    actor: User,
    manifest: Manifest,
    quantity_received_t: Decimal,
    received_at: datetime,
    quantity_refused_t: Decimal = ZERO,
    note: str = "",
    confirmed_at: datetime | None = None,
) -> Manifest:
    """The receiver's side of the manifest: what arrived, what it refused, and when. A
    receipt is confirmed once; the row is locked so two confirmations cannot both win.
    `confirmed_at` is now, unless the confirmation is carried over from another system; the
    deadline counts 5 working days from the day of receipt."""
    if not manifest_can_confirm(user=actor, manifest=manifest):
        raise PermissionDenied(
            _("Only the receiver, its park's operator or staff confirm receipt of this manifest.")
        )
    manifest = Manifest.objects.select_for_update().get(pk=manifest.pk)
    if manifest.received_at is not None:
        raise ManifestAlreadyConfirmed(
            _(
                "Manifest %(number)s was already confirmed (received %(date)s); a receipt "
                "is confirmed once."
            )
            % {
                "number": manifest.number,
                "date": _shown(manifest.received_at),
            }
        )
    errors = _Errors()
    for name, value, negative in (
        (
            "quantity_received_t",
            quantity_received_t,
            _("The quantity received cannot be negative."),
        ),
        ("quantity_refused_t", quantity_refused_t, _("The quantity refused cannot be negative.")),
    ):
        if not isinstance(value, Decimal) or not value.is_finite():
            errors.add(name, _("Required: a number of tonnes."))
        elif value < ZERO:
            errors.add(name, negative)
    if (
        not errors
        and quantity_refused_t > ZERO
        and quantity_received_t + quantity_refused_t > manifest.quantity_shipped_t
    ):
        errors.add(
            "quantity_refused_t",
            _(
                "Received %(received)s t plus refused %(refused)s t is more than the "
                "%(shipped)s t shipped: only waste that was shipped can be refused."
            )
            % {
                "received": quantity_received_t.quantize(Decimal("0.001")),
                "refused": quantity_refused_t.quantize(Decimal("0.001")),
                "shipped": manifest.quantity_shipped_t,
            },
        )
    note = _printable(errors, "note", note, limit=RECEIPT_NOTE_MAX, multiline=True)
    future = _("The receipt time %(time)s is in the future.")
    if _check_time(errors, "received_at", received_at, future) and (
        received_at < manifest.shipped_at
    ):
        errors.add(
            "received_at",
            _("Received at %(received)s, before it was shipped at %(shipped)s.")
            % {"received": _shown(received_at), "shipped": _shown(manifest.shipped_at)},
        )
    if confirmed_at is None:
        confirmed_at = timezone.now()
    elif "received_at" not in errors and confirmed_at < received_at:
        errors.add(
            "received_at",
            _("Received at %(received)s, after the receipt was confirmed at %(confirmed)s.")
            % {"received": _shown(received_at), "confirmed": _shown(confirmed_at)},
        )
    manifest.quantity_received_t = quantity_received_t
    manifest.quantity_refused_t = quantity_refused_t
    manifest.received_at = received_at
    manifest.receipt_note = note
    manifest.confirmed_by = actor
    manifest.confirmed_at = confirmed_at
    _check_model_fields(errors, manifest)
    errors.raise_if_any()
    manifest.confirmation_due = _due_or_none(received_at)
    manifest.save(
        update_fields=[
            "quantity_received_t",
            "quantity_refused_t",
            "received_at",
            "receipt_note",
            "confirmed_by",
            "confirmed_at",
            "confirmation_due",
        ]
    )
    return manifest


# --- reads ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ManifestFigures:
    """What a reader wants to know beyond the stored fields."""

    status: str
    discrepancy_t: Decimal | None
    discrepancy_ratio: Decimal | None
    is_discrepant: bool
    is_overdue: bool
    is_late: bool
    deadline_note: str


def manifest_figures(*, manifest: Manifest, today: date | None = None) -> ManifestFigures:
    """Discrepancy = shipped − received − refused (t and share of shipped), discrepant above
    MANIFEST_DISCREPANCY_RATIO. Late when the receipt was confirmed after the 5th working day
    from the day of receipt; overdue when no receipt is confirmed by
    manifest_receipt_overdue_date. Where the calendar lacks the year neither is known, and
    the note says why."""
    today = today or local_today()
    confirmed = manifest.received_at is not None
    gap = ratio = None
    if confirmed and manifest.quantity_received_t is not None:
        gap = (
            manifest.quantity_shipped_t
            - manifest.quantity_received_t
            - (manifest.quantity_refused_t or ZERO)
        )
        ratio = (gap / manifest.quantity_shipped_t).quantize(Decimal("0.0001"))
    limit = Decimal(str(settings.MANIFEST_DISCREPANCY_RATIO))
    due = manifest.confirmation_due
    note = ""
    overdue = False
    if confirmed and due is None:
        try:
            manifest_due_date(received_at=manifest.received_at)
        except CalendarYearNotCovered as missing:
            note = missing.note
        else:
            note = _(
                "The official calendar now covers this date; the deadline is filled in at the "
                "next refresh."
            )
    elif not confirmed:
        try:
            overdue = today > manifest_receipt_overdue_date(shipped_at=manifest.shipped_at)
        except CalendarYearNotCovered as missing:
            note = missing.note
    return ManifestFigures(
        status=ManifestStatus.CONFIRMED if confirmed else ManifestStatus.UNCONFIRMED,
        discrepancy_t=gap,
        discrepancy_ratio=ratio,
        is_discrepant=gap is not None and abs(gap) > limit * manifest.quantity_shipped_t,
        is_overdue=overdue,
        is_late=confirmed
        and due is not None
        and manifest.confirmed_at is not None
        and local_date(manifest.confirmed_at) > due,
        deadline_note=note,
    )


def manifest_list(*, user: User, filters: dict | None = None) -> QuerySet[Manifest]:
    """Manifests whose generator or receiver the user may read; the city for regulators and
    staff. `filters` are ManifestFilter's (generator, receiver, status, shipped_from/_to)."""
    manifests = Manifest.objects.select_related(
        "generator", "receiver", "category", "created_by", "confirmed_by"
    ).order_by("-shipped_at", "-number")  # a total order, so pages never overlap
    if not reads_whole_city(user):
        readable = enterprise_list(user=user).values("pk")
        manifests = manifests.filter(Q(generator__in=readable) | Q(receiver__in=readable))
    if filters is not None:
        manifests = ManifestFilter(filters, queryset=manifests).qs
    return manifests


def enterprise_manifest_list(*, user: User, enterprise_id: int) -> QuerySet[Manifest]:
    """The manifests the user may read that name the enterprise as generator or receiver,
    newest first: its page's transfers."""
    return manifest_list(user=user).filter(
        Q(generator_id=enterprise_id) | Q(receiver_id=enterprise_id)
    )


def manifest_month_list(
    *, period: date, enterprise_ids: list[int] | None = None
) -> QuerySet[Manifest]:
    """Manifests shipped in the month (local days) whose generator or receiver is one of
    `enterprise_ids` (every manifest for None), in shipping order: what a monthly report
    accounts for."""
    return manifest_period_list(period_from=period, period_to=period, enterprise_ids=enterprise_ids)


def manifest_period_list(
    *, period_from: date, period_to: date, enterprise_ids: list[int] | None = None
) -> QuerySet[Manifest]:
    """As manifest_month_list, over the months from `period_from` to `period_to` (both
    included): a bulk download iterates it with .iterator(), so any span stays small."""
    manifests = Manifest.objects.filter(
        shipped_at__gte=_day_start(period_from),
        shipped_at__lt=_day_start(month_add(period_to, 1)),
    )
    if enterprise_ids is not None:
        manifests = manifests.filter(
            Q(generator_id__in=enterprise_ids) | Q(receiver_id__in=enterprise_ids)
        )
    return manifests.select_related("generator", "receiver", "category").order_by(
        "shipped_at", "number"
    )


def manifest_overdue_list(*, today: date | None = None) -> QuerySet[Manifest]:
    """Every overdue manifest (no receipt confirmed by manifest_receipt_overdue_date), oldest
    shipment first: for the platform's own jobs (people read through manifest_list)."""
    return (
        _unconfirmed_overdue(Manifest.objects.all(), today or local_today())
        .select_related("generator", "receiver")
        .order_by("shipped_at", "number")
    )


def manifest_overdue_count(*, user: User, enterprise_ids: list[int] | None = None) -> int:
    """How many manifests the user may read are overdue (of
    `enterprise_ids` as generator or receiver, if given)."""
    manifests = manifest_list(user=user, filters={"status": ManifestStatus.OVERDUE})
    if enterprise_ids is not None:
        manifests = manifests.filter(
            Q(generator_id__in=enterprise_ids) | Q(receiver_id__in=enterprise_ids)
        )
    return manifests.count()


def _discrepant(manifests: QuerySet[Manifest]) -> QuerySet[Manifest]:
    """The database side of ManifestFigures.is_discrepant."""
    limit = Decimal(str(settings.MANIFEST_DISCREPANCY_RATIO))
    amount = models.DecimalField(max_digits=16, decimal_places=6)
    return manifests.alias(
        gap=models.ExpressionWrapper(
            Abs(
                models.F("quantity_shipped_t")
                - models.F("quantity_received_t")
                - Coalesce("quantity_refused_t", models.Value(ZERO, output_field=amount))
            ),
            output_field=amount,
        ),
        allowed=models.ExpressionWrapper(
            models.F("quantity_shipped_t") * models.Value(limit, output_field=amount),
            output_field=amount,
        ),
    ).filter(received_at__isnull=False, gap__gt=models.F("allowed"))


def _shipped_in_month(manifests: QuerySet, period: date) -> QuerySet:
    return manifests.filter(
        shipped_at__gte=_day_start(period), shipped_at__lt=_day_start(month_add(period, 1))
    )


class ManifestFilter(django_filters.FilterSet):
    """Filters shared by the API and the portal list."""

    park = ParkCodeFilter(
        paths=("generator__park", "receiver__park"),
        help_text=gettext_lazy("Park code: manifests whose generator or receiver is in it."),
    )
    enterprise = django_filters.CharFilter(
        method="filter_enterprise",
        label=gettext_lazy("Enterprise"),
        help_text=gettext_lazy(
            "Generator or receiver: a part of its name or the start of its credit code."
        ),
    )
    generator = django_filters.CharFilter(
        field_name="generator__credit_code", label=gettext_lazy("Generator (credit code)")
    )
    receiver = django_filters.CharFilter(
        field_name="receiver__credit_code", label=gettext_lazy("Receiver (credit code)")
    )
    category = django_filters.ModelChoiceFilter(
        to_field_name="code",
        queryset=WasteCategory.objects.filter(is_hazardous=True),
        label=gettext_lazy("Waste category"),
        empty_label=gettext_lazy("All wastes"),
        help_text=gettext_lazy("Hazardous category code, e.g. HW08."),
    )
    status = django_filters.ChoiceFilter(
        choices=ManifestStatus.choices,
        method="filter_status",
        label=gettext_lazy("Status"),
        empty_label=gettext_lazy("All statuses"),
    )
    period = MonthFilter(
        by=_shipped_in_month,
        label=gettext_lazy("Month shipped"),
        help_text=gettext_lazy("Shipped in this month (YYYY-MM, Beijing time)."),
    )
    shipped_from = django_filters.DateFilter(
        method="filter_shipped_from",
        widget=DateInput(attrs={"type": "date"}),
        label=gettext_lazy("Shipped from"),
        help_text=gettext_lazy("First shipping day (Beijing date), inclusive."),
    )
    shipped_to = django_filters.DateFilter(
        method="filter_shipped_to",
        widget=DateInput(attrs={"type": "date"}),
        label=gettext_lazy("Shipped to"),
        help_text=gettext_lazy("Last shipping day (Beijing date), inclusive."),
    )
    sort = StableOrdering(
        fields=(
            ("shipped_at", "shipped_at"),
            ("confirmation_due", "confirmation_due"),
            ("quantity_shipped_t", "quantity"),
        ),
        field_labels={
            "shipped_at": gettext_lazy("Shipped at"),
            "confirmation_due": gettext_lazy("Confirmation due"),
            "quantity": gettext_lazy("Quantity shipped"),
        },
        label=gettext_lazy("Sort by"),
        empty_label=gettext_lazy("Newest first"),
        then=("-shipped_at", "-number"),
    )

    class Meta:
        model = Manifest
        fields = [
            "park",
            "enterprise",
            "generator",
            "receiver",
            "category",
            "status",
            "period",
            "shipped_from",
            "shipped_to",
        ]

    def filter_enterprise(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(
            enterprise_named(value, via="generator__") | enterprise_named(value, via="receiver__")
        )

    def filter_status(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == ManifestStatus.UNCONFIRMED:
            return queryset.filter(received_at__isnull=True)
        if value == ManifestStatus.CONFIRMED:
            return queryset.filter(received_at__isnull=False)
        if value == ManifestStatus.OVERDUE:
            return _unconfirmed_overdue(queryset, local_today())
        if value == ManifestStatus.DISCREPANT:
            return _discrepant(queryset)
        return queryset

    # Beijing days as time ranges: no time-zone arithmetic in the database.
    def filter_shipped_from(self, queryset: QuerySet, name: str, value: date) -> QuerySet:
        return queryset.filter(shipped_at__gte=_day_start(value))

    def filter_shipped_to(self, queryset: QuerySet, name: str, value: date) -> QuerySet:
        return queryset.filter(shipped_at__lt=_day_start(value, days_after=1))


def _day_start(day: date, *, days_after: int = 0) -> datetime:
    """Midnight in Beijing, for days within years a trip to the database survives (a filter
    on year 1 or 9999 means "no bound", and must not overflow converting to UTC)."""
    day = min(max(day, date(1000, 1, 1)), date(9000, 1, 1)) + timedelta(days=days_after)
    return datetime.combine(day, time.min, timezone.get_default_timezone())


def manifest_search(*, user: User, text: str, limit: int = 50) -> list[Manifest]:
    """Manifests the user may read whose number starts with `text` (digits only), newest
    first."""
    if not text.isdigit():
        return []
    return list(manifest_list(user=user).filter(number__startswith=text)[:limit])
