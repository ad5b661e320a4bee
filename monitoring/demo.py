"""Demonstration monitoring data for the Baotou registry: a weighbridge per enterprise, the
monthly ledgers since January 2023 (three whole years to evaluate, and this one) uploaded
through the real upload path, each enterprise's output value and value added, weigh tickets
matching the last months' transfers, and hazardous-waste manifests. Loading twice changes
nothing: the files are the same bytes (recognised by their hash), tickets and manifests keep
their numbers, economic figures are the same values. One weighbridge weighs for longer and has
an incident of its own (see SERIES_MONTHS).
"""

import math
import random
import zlib
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import chinese_calendar
from django.db.models import Case, DateTimeField, Sum, Value, When
from django.utils import timezone

from monitoring.demo_ledgers import BEIJING, DemoEnterprise, PlannedManifest, demo_plan
from monitoring.ledger.services import ledger_upload_process, upload_batch_create
from monitoring.ledger.synthetic import ledger_csv
from monitoring.manifests import manifest_create, manifest_receipt_confirm
from monitoring.models import LedgerEntry, Manifest, MonitoringPoint, WasteCategory
from monitoring.services import (
    device_key_issue,
    monitoring_point_create,
    weigh_ticket_batch_ingest,
)
from parks.economics import economic_figures_import
from parks.selectors import enterprise_list
from wastewatch.periods import month_add
from wastewatch.roles import User

DEMO_UNTIL = date(2026, 10, 1)  # a fixed window: the same files on every run
DEMO_MONTHS = 46  # January 2023 to October 2026
TICKET_MONTHS = 3
# One weighbridge weighs on working days for longer, more than a year before its incident: in
# the week of RESENT_WEEK its station software, missing the platform's acknowledgements, sent
# each day's tickets again at 21:00 and at 23:00, under new numbers and stamped with the time
# of sending (hours apart, so not a ticket re-sent minutes later): its daily tickets and
# tonnes tripled for a week.
SERIES_MONTHS = 16
RESENT_WEEK = (date(2026, 10, 19), date(2026, 10, 23))
TRUCK_T = 32.0


@dataclass
class DemoMonitoringResult:
    batches_ingested: int = 0
    tickets_accepted: int = 0
    manifests_created: int = 0
    economic_figures: int = 0


def demo_monitoring_load(*, actor: User) -> DemoMonitoringResult:
    result = DemoMonitoringResult()
    enterprises = list(
        enterprise_list(user=actor).filter(park__isnull=False).order_by("credit_code")
    )
    for enterprise in enterprises:
        point = MonitoringPoint.objects.filter(enterprise=enterprise, code="wb-1").first()
        if point is None:
            point = monitoring_point_create(
                actor=actor,
                enterprise=enterprise,
                code="wb-1",
                kind=MonitoringPoint.Kind.WEIGHBRIDGE,
                name="厂区地磅",
            )
            device_key_issue(actor=actor, point=point)

    plan = demo_plan(
        [DemoEnterprise(e.credit_code, e.industry_code, e.park.code) for e in enterprises],
        months=DEMO_MONTHS,
        until=DEMO_UNTIL,
    )
    # The manifests first: a hazardous transfer to a receiver that has not filed yet is
    # compared with them as soon as the sender's ledger is ingested.
    result.manifests_created = _manifests(actor, enterprises, plan.manifests)
    for park_code, rows in plan.rows.items():
        batch, created = upload_batch_create(
            actor=actor, name=f"demo-{park_code}.csv", data=ledger_csv(iter(rows))
        )
        ledger_upload_process(batch_id=batch.pk)  # at once, with or without a worker
        result.batches_ingested += int(created)
    _filed_on_their_days(enterprises, months=DEMO_MONTHS, until=DEMO_UNTIL)

    result.economic_figures = _economic_figures(actor, enterprises)
    key_units = [e for e in enterprises if e.is_key_unit]
    resent = _busiest(key_units[1:])
    for enterprise in key_units:
        result.tickets_accepted += _tickets(
            enterprise, under_weighed=enterprise == key_units[0], resent=enterprise == resent
        )
    return result


def _filed_on_their_days(enterprises: list, *, months: int, until: date) -> None:
    """The demo uploads each park's months in one file, at load time; its figures carry the days
    they would have been filed instead (the filing status reads them): most enterprises file
    between the 3rd and the 14th of the next month, about one month in thirteen after the due
    day (the 16th to the 25th). The same days on every run."""
    now = timezone.now()
    for offset in range(months):
        period = month_add(until, -offset)
        filed = month_add(period, 1)
        days = {}
        for enterprise in enterprises:
            draw = zlib.crc32(f"{enterprise.credit_code}{period:%Y%m}".encode())
            day = 16 + draw % 10 if draw % 13 == 0 else 3 + draw % 12
            at = datetime(filed.year, filed.month, day, 9, 30, tzinfo=BEIJING)
            days[enterprise.pk] = min(at, now)
        LedgerEntry.objects.filter(period=period, enterprise_id__in=days).update(
            created_at=Case(
                *(When(enterprise_id=pk, then=Value(at)) for pk, at in days.items()),
                output_field=DateTimeField(),
            )
        )


def _economic_figures(actor: User, enterprises: list) -> int:
    """Monthly output value and value added (万元), with the ledgers' mild seasonality, through
    the economic-figures upload."""
    rows = ["统一社会信用代码,期间,工业总产值,工业增加值,单位"]
    for enterprise in enterprises:
        rng = random.Random(f"output-{enterprise.credit_code}")  # its own, not its position
        base, share = rng.uniform(2000, 60000), rng.uniform(0.22, 0.34)
        for months_back in range(DEMO_MONTHS - 1, -1, -1):
            period = month_add(DEMO_UNTIL, -months_back)
            season = 1 + 0.1 * math.cos(2 * math.pi * (period.month - 1) / 12)
            output = base * season * rng.uniform(0.97, 1.03)
            rows.append(
                f"{enterprise.credit_code},{period:%Y-%m},{output:.1f},{output * share:.1f},万元"
            )
    saved = economic_figures_import(
        actor=actor, name="demo-economic-figures.csv", data="\n".join(rows).encode()
    )
    if saved.errors:
        raise ValueError(f"Demo economic figures refused: {saved.errors[:3]}")
    return saved.created + saved.updated


def _busiest(enterprises: list):
    """The enterprise that transferred out the most last month: trucks on most working days."""
    totals = (
        LedgerEntry.objects.filter(
            enterprise__in=enterprises,
            flow=LedgerEntry.Flow.TRANSFERRED_OUT,
            period=DEMO_UNTIL,
            superseded_at__isnull=True,
        )
        .values("enterprise")
        .annotate(total=Sum("quantity_t"))
        .order_by("-total", "enterprise")
    )
    busiest = totals.first()
    return next((e for e in enterprises if busiest and e.pk == busiest["enterprise"]), None)


def _working_days(period: date) -> list[date]:
    """The month's official working days (weekdays where the calendar does not reach)."""
    days = [period + timedelta(days=n) for n in range(31)]
    days = [day for day in days if day.month == period.month]
    try:
        return [day for day in days if chinese_calendar.is_workday(day)]
    except NotImplementedError:
        return [day for day in days if day.weekday() < 5]


def _tickets(enterprise, *, under_weighed: bool, resent: bool) -> int:
    """Outbound weighings adding up to each transfer of the last months, truck by truck; for
    one enterprise, the last month's weighbridge saw only about half of what it reported; for
    another, the weighbridge weighs on working days for SERIES_MONTHS and re-sent a week's
    tickets (RESENT_WEEK)."""
    point = MonitoringPoint.objects.get(enterprise=enterprise, code="wb-1")
    first = date(DEMO_UNTIL.year, DEMO_UNTIL.month, 1)
    for _ in range((SERIES_MONTHS if resent else TICKET_MONTHS) - 1):
        first = (first - timedelta(days=1)).replace(day=1)
    transfers = (
        LedgerEntry.objects.filter(
            enterprise=enterprise,
            flow=LedgerEntry.Flow.TRANSFERRED_OUT,
            period__gte=first,
            superseded_at__isnull=True,
        )
        .values_list("period", "category__code")
        .annotate(total=Sum("quantity_t"))
    )
    rng = random.Random(enterprise.credit_code)
    items = []
    for period, category, total in transfers:
        trucks = max(1, math.ceil(float(total) / TRUCK_T))
        days = (period.replace(day=28) + timedelta(days=4)).replace(day=1) - period
        weights = [rng.uniform(0.85, 1.15) for _ in range(trucks)]
        loads = [float(total) * w / sum(weights) for w in weights]
        if under_weighed and period == DEMO_UNTIL:
            loads = loads[: max(1, trucks // 2)]
        working = _working_days(period)
        for number, load in enumerate(loads):
            tare = round(rng.uniform(13, 17), 2)
            day = rng.choice(working) if resent else period + timedelta(rng.randrange(days.days))
            moment = datetime.combine(day, datetime.min.time(), BEIJING) + timedelta(
                hours=rng.uniform(7, 19)
            )
            item = {
                "ticket_number": f"{period:%Y%m}-{category}-{number:05d}",
                "weighed_at": moment.isoformat(),
                "category": category,
                "direction": "out",
                "gross_t": round(tare + load, 3),
                "tare_t": tare,
                "vehicle": f"蒙B{rng.randint(10000, 99999)}",
            }
            items.append(item)
            if resent and RESENT_WEEK[0] <= day <= RESENT_WEEK[1]:
                for copy, hour in ((1, 21), (2, 23)):
                    night = datetime.combine(day, datetime.min.time(), BEIJING) + timedelta(
                        hours=hour, minutes=number % 30
                    )
                    items.append(
                        {
                            **item,
                            "ticket_number": f"{item['ticket_number']}-R{copy}",
                            "weighed_at": night.isoformat(),
                        }
                    )
    accepted = 0
    for start in range(0, len(items), 1000):
        accepted += weigh_ticket_batch_ingest(
            point=point, items=items[start : start + 1000]
        ).accepted
    return accepted


def _manifests(actor: User, enterprises: list, planned: list[PlannedManifest]) -> int:
    """The plan's manifests, one per truckload of hazardous waste, with the receivers'
    confirmations; those already recorded (by number) are left as they are."""
    by_code = {e.credit_code: e for e in enterprises}
    categories = {c.code: c for c in WasteCategory.objects.filter(code__startswith="HW")}
    known = set(Manifest.objects.values_list("number", flat=True))
    created = 0
    for item in planned:
        if item.number in known:
            continue
        manifest = manifest_create(
            actor=actor,
            number=item.number,
            generator=by_code[item.generator],
            receiver=by_code[item.receiver],
            transporter_name="包头危废运输有限公司",
            vehicle=f"蒙B{60000 + int(item.number[-5:]) % 40000}",
            category=categories[item.category],
            waste_code=item.waste_code,
            quantity_shipped_t=item.shipped_t,
            shipped_at=item.shipped_at,
        )
        created += 1
        if item.received_at is not None:
            manifest_receipt_confirm(
                actor=actor,
                manifest=manifest,
                quantity_received_t=item.received_t,
                received_at=item.received_at,
                confirmed_at=item.confirmed_at or item.received_at,
            )
    return created
