"""The enterprise page's figures: one enterprise's ledger, weighings, transfers, economic figures
and flags, read through the owning apps' selectors and laid out as tables and chart data."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from detection.selectors import enterprise_flag_list
from monitoring.ledger.selectors import (
    LedgerMonthFlow,
    ledger_last_period,
    ledger_month_flows,
    ledger_superseded_list,
    ledger_upload_history,
)
from monitoring.manifests import enterprise_manifest_list, local_today, manifest_figures
from monitoring.models import LedgerEntry
from monitoring.selectors import monitoring_point_list, weigh_ticket_days, weighed_out_by_month
from parks.models import Enterprise
from parks.selectors import economic_figure_list, enterprise_readable_ids
from wastewatch.numbers import TONNES, number_formatter, unit_name
from wastewatch.periods import month_add, month_text
from wastewatch.roles import User

MONTHS = 24
DAYS = 60
RECENT_MANIFESTS = 20
RECENT_FLAGS = 50
RECENT_CORRECTIONS = 50
FLOWS_SHOWN = (
    LedgerEntry.Flow.GENERATED,
    LedgerEntry.Flow.UTILISED,
    LedgerEntry.Flow.DISPOSED,
    LedgerEntry.Flow.TRANSFERRED_OUT,
    LedgerEntry.Flow.CLOSING_STOCK,
)


@dataclass(frozen=True)
class WasteFlows:
    """One waste's monthly flows: a chart's data and the same figures as table rows (the month
    and the figures as written, "—" for a flow without a line), where a month without a
    ledger line of the waste has `None` instead of its figures."""

    chart_id: str
    code: str
    waste_code: str
    name: str
    chart: dict[str, Any]
    rows: list[tuple[str, list[str] | None]]


@dataclass(frozen=True)
class WeighedMonth:
    period: date
    has_ledger: bool
    declared_t: Decimal | None  # None: no transfer out line that month
    weighed_t: Decimal | None  # None: no outbound ticket that month
    tickets: int

    @property
    def difference_t(self) -> Decimal | None:
        """Weighed minus declared, where both are known."""
        if self.declared_t is None or self.weighed_t is None:
            return None
        return self.weighed_t - self.declared_t


@dataclass(frozen=True)
class EconomicMonth:
    period: date
    output_value: Decimal | None
    value_added: Decimal | None
    generated_t: Decimal | None

    @property
    def intensity(self) -> Decimal | None:
        """Tonnes generated per 万元 of value added, where both exist."""
        if self.generated_t is None or not self.value_added:
            return None
        return self.generated_t / self.value_added


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _written(value: Decimal | None, formatted) -> str:
    return "—" if value is None else formatted(value)


def _months(last: date) -> list[date]:
    return [month_add(last, offset) for offset in range(1 - MONTHS, 1)]


def waste_flows(flows: list[LedgerMonthFlow], months: list[date]) -> list[WasteFlows]:
    """One block per waste (category, and 8-digit code where the ledger gives one)."""
    english = (get_language() or "").startswith("en")
    tonnes = number_formatter(3)
    month_labels = [month_text(period) for period in months]
    by_waste: dict[tuple[str, str], dict[date, dict[str, Decimal]]] = {}
    names: dict[tuple[str, str], str] = {}
    for line in flows:
        key = (line.category_code, line.waste_code)
        names[key] = line.category_name_en if english else line.category_name_zh
        by_waste.setdefault(key, {}).setdefault(line.period, {})[line.flow] = line.quantity_t
    blocks = []
    for index, (key, by_month) in enumerate(by_waste.items()):
        rows = [
            (
                label,
                [_written(by_month[period].get(flow), tonnes) for flow in FLOWS_SHOWN]
                if period in by_month
                else None,
            )
            for period, label in zip(months, month_labels, strict=True)
        ]
        chart = {
            "kind": "line",
            "unit": unit_name(TONNES),
            "categories": [f"{period:%Y-%m}" for period in months],
            "series": [
                {
                    "name": str(flow.label),
                    "values": [_number(by_month.get(period, {}).get(flow)) for period in months],
                }
                for flow in FLOWS_SHOWN
            ],
        }
        blocks.append(WasteFlows(f"flows-{index}", key[0], key[1], names[key], chart, rows))
    return blocks


def _monthly_totals(flows: list[LedgerMonthFlow], flow: str) -> dict[date, Decimal]:
    totals: dict[date, Decimal] = {}
    for line in flows:
        if line.flow == flow:
            totals[line.period] = totals.get(line.period, Decimal(0)) + line.quantity_t
    return totals


def weighed_vs_declared(
    *, enterprise_id: int, flows: list[LedgerMonthFlow], months: list[date]
) -> tuple[list[WeighedMonth], dict[str, Any]]:
    """Per month, the tonnes weighed leaving against the tonnes declared transferred out."""
    weighed = weighed_out_by_month(
        enterprise_id=enterprise_id, period_from=months[0], period_to=months[-1]
    )
    declared = _monthly_totals(flows, LedgerEntry.Flow.TRANSFERRED_OUT)
    with_ledger = {line.period for line in flows}
    rows = [
        WeighedMonth(
            period,
            period in with_ledger,
            declared.get(period),
            weighed[period][0] if period in weighed else None,
            weighed[period][1] if period in weighed else 0,
        )
        for period in months
    ]
    chart = {
        "kind": "bar",
        "unit": unit_name(TONNES),
        "categories": [f"{row.period:%Y-%m}" for row in rows],
        "series": [
            {"name": _("Weighed going out"), "values": [_number(r.weighed_t) for r in rows]},
            {
                "name": _("Declared transferred out"),
                "values": [_number(r.declared_t) for r in rows],
            },
        ],
    }
    return rows, chart


def economic_months(
    *, user: User, enterprise: Enterprise, flows: list[LedgerMonthFlow], months: list[date]
) -> list[EconomicMonth]:
    """The months of the span with economic figures, and the generation intensity."""
    generated = _monthly_totals(flows, LedgerEntry.Flow.GENERATED)
    figures = (
        economic_figure_list(user=user)
        .filter(enterprise=enterprise, period__gte=months[0], period__lte=months[-1])
        .order_by("period")
        .values_list("period", "output_value", "value_added")
    )
    return [
        EconomicMonth(period, output, added, generated.get(period))
        for period, output, added in figures
    ]


def weighbridge_days(*, user: User, enterprise: Enterprise) -> dict[str, Any]:
    """The enterprise's monitoring points and their tickets and net tonnes per day over the
    last DAYS local days: two charts and a table of the days with tickets."""
    points = list(monitoring_point_list(user=user).filter(enterprise=enterprise).order_by("code"))
    today = local_today()
    days = [today - timedelta(days=offset) for offset in range(DAYS - 1, -1, -1)]
    activity = weigh_ticket_days(
        point_ids=[point.pk for point in points], day_from=days[0], day_to=days[-1]
    )
    categories = [day.isoformat() for day in days]

    def chart(unit: str, pick) -> dict[str, Any]:
        return {
            "kind": "bar",
            "unit": unit,
            "categories": categories,
            "series": [
                {
                    "name": point.name or point.code,
                    "values": [
                        pick(activity[(point.pk, day)]) if (point.pk, day) in activity else None
                        for day in days
                    ],
                }
                for point in points
            ],
        }

    rows = [
        (day, point, *activity[(point.pk, day)])
        for day in reversed(days)
        for point in points
        if (point.pk, day) in activity
    ]
    return {
        "points": points,
        "tickets_chart": chart("", lambda figures: figures[0]),
        "net_chart": chart(unit_name(TONNES), lambda figures: float(figures[1])),
        "rows": rows,
        "first_day": days[0],
        "last_day": days[-1],
    }


def _count(rows: QuerySet, *, shown: list, limit: int) -> int:
    """How many rows the full list holds: those shown when fewer than the limit, else counted."""
    return len(shown) if len(shown) < limit else rows.count()


def enterprise_page(*, user: User, enterprise: Enterprise) -> dict[str, Any]:
    """Everything the enterprise page shows, each part read once."""
    last = ledger_last_period(enterprise_ids=[enterprise.pk]) or month_add(local_today(), -1)
    months = _months(last)
    flows = ledger_month_flows(
        enterprise_id=enterprise.pk, period_from=months[0], period_to=months[-1]
    )
    weighed_rows, weighed_chart = weighed_vs_declared(
        enterprise_id=enterprise.pk, flows=flows, months=months
    )
    all_manifests = enterprise_manifest_list(user=user, enterprise_id=enterprise.pk)
    manifests = list(all_manifests[:RECENT_MANIFESTS])
    all_flags = enterprise_flag_list(user=user, enterprise_id=enterprise.pk)
    flags = list(all_flags[:RECENT_FLAGS])
    today = local_today()
    readable = enterprise_readable_ids(
        user=user,
        ids={m.generator_id for m in manifests} | {m.receiver_id for m in manifests},
    )
    return {
        "enterprise": enterprise,
        "months": months,
        "wastes": waste_flows(flows, months),
        "flows_shown": [flow.label for flow in FLOWS_SHOWN],
        "weighed_rows": weighed_rows,
        "weighed_chart": weighed_chart,
        "manifests": [(m, manifest_figures(manifest=m, today=today)) for m in manifests],
        # the full lists are a link away, filtered on the enterprise
        "manifest_count": _count(all_manifests, shown=manifests, limit=RECENT_MANIFESTS),
        "readable_ids": readable,
        "uploads": ledger_upload_history(user=user, enterprise_id=enterprise.pk),
        "corrections": list(
            ledger_superseded_list(enterprise_id=enterprise.pk)[:RECENT_CORRECTIONS]
        ),
        "economics": economic_months(user=user, enterprise=enterprise, flows=flows, months=months),
        "flags": flags,
        "flag_count": _count(all_flags, shown=flags, limit=RECENT_FLAGS),
        "weighbridges": weighbridge_days(user=user, enterprise=enterprise),
    }
