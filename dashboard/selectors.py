"""What the landing page and the filing-status page read, each through the app that owns it
and within the reader's scope: the city for the bureau, one of their parks for an operator,
their own enterprise for an enterprise user."""

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from detection.kinds import check_info
from detection.models import Flag
from detection.selectors import flag_open_counts
from evaluation.selectors import evaluations_awaiting_approval
from indicators.selectors import SLUG, indicator_month_shown
from indicators.services import (
    FLOW_TERMS,
    CityIndicators,
    YearBefore,
    change_pct,
    city_indicators,
    figures_cached,
    figures_light,
    flow_tonnes,
    monthly_flows,
    year_before,
)
from monitoring.ledger.selectors import ledger_filings
from monitoring.manifests import manifest_overdue_count
from monitoring.selectors import monitoring_points_silent
from parks.models import Enterprise, Park
from parks.selectors import enterprise_list, park_enterprise_ids, park_list, parks_operated
from wastewatch.numbers import TONNES, in_unit, round_half_up, unit_name, unit_shown
from wastewatch.periods import ledger_due, month_add
from wastewatch.roles import User, reads_whole_city

TREND_MONTHS = 24
TREND_DECIMALS = 3  # the trend's tonnes; the city's 万吨 to numbers.WAN_DECIMALS


@dataclass
class DashboardScope:
    """Whose figures a reader sees: `park` (None: the city, or an enterprise user's own
    enterprise), the enterprises counted (None: every one) and the parks they may choose."""

    park: Park | None
    enterprise_ids: list[int] | None
    parks: QuerySet[Park]
    city: bool  # may read the whole city
    indicators: bool  # the scope is a park or the city, whose indicators are computed

    @property
    def park_code(self) -> str:
        return self.park.code if self.park else ""

    @property
    def city_totals(self) -> bool:
        """The figures shown are the city's totals (万吨 in Chinese), not a park's."""
        return self.indicators and self.park is None


def dashboard_scope(*, user: User, park_code: str | None) -> DashboardScope:
    """The scope asked for, within the user's: a park they may not read answers 404; an
    operator without a park named sees their first park; an enterprise user their enterprise."""
    city = reads_whole_city(user)
    parks = (park_list(user=user) if city else parks_operated(user=user)).defer("boundary")
    parks = parks.order_by("code")
    if city or parks.exists():
        park = None
        if park_code:
            park = parks.filter(code=park_code).first() if SLUG.match(park_code) else None
            if park is None:
                raise Http404(_("No park %(code)s that you may read.") % {"code": park_code})
        elif not city:
            park = parks.first()
        ids = None if park is None else park_enterprise_ids(park=park)
        return DashboardScope(park, ids, parks, city, indicators=True)
    ids = list(enterprise_list(user=user).values_list("pk", flat=True))
    if not ids:
        raise PermissionDenied
    return DashboardScope(None, ids, parks.none(), False, indicators=False)


def dashboard_month(*, scope: DashboardScope, value: str | None) -> date:
    """The month asked for (YYYY-MM), else the last month the scope has ledger figures of,
    else the last month whose ledgers are due (the Indicators page's own default)."""
    return indicator_month_shown(value, enterprise_ids=scope.enterprise_ids)


@dataclass
class Change:
    """A figure (full precision), the same months a year before (those the figure has ledger
    figures of), and its change in percent: None when not comparable like for like."""

    value: float | None
    before: float | None
    like_for_like: bool = True  # the year before has figures of every month the value has
    no_data: bool = False  # no ledger figures behind the value (else None: not computable)

    @property
    def pct(self) -> float | None:
        return change_pct(self.value, self.before) if self.like_for_like else None


@dataclass
class FigureRow:
    label: object
    unit: str
    month: Change
    year_to_date: Change
    target: float | None = None
    progress: float | None = None
    decimals: int = 3  # the places its values are shown to

    @property
    def cells(self) -> list[Change]:
        return [self.month, self.year_to_date]


@dataclass
class Counter:
    label: object
    count: int
    link: str


@dataclass
class Summary:
    scope: DashboardScope
    month: date
    report: CityIndicators | None
    has_data: bool
    year_before: YearBefore | None = None
    tonnes: list[FigureRow] = field(default_factory=list)
    indicators: list[FigureRow] = field(default_factory=list)
    trend: dict | None = None
    trend_rows: list = field(default_factory=list)
    trend_unit: str = TONNES  # the unit code the trend's tonnes are shown in
    flags_by_severity: list[Counter] = field(default_factory=list)
    flags_by_kind: list[Counter] = field(default_factory=list)
    open_flags: Counter | None = None
    alerts: list[Counter] = field(default_factory=list)


FLOW_LABELS = {
    "generated": pgettext_lazy("tonnes of a month", "Generated"),
    "utilised": pgettext_lazy("tonnes of a month", "Utilised"),
    "disposed": pgettext_lazy("tonnes of a month", "Disposed of"),
    "stored": pgettext_lazy("tonnes of a month", "Stored"),
    "transferred": gettext_lazy("Transferred out"),
}
WASTE_LABELS = {
    "general": gettext_lazy("General industrial solid waste"),
    "hazardous": gettext_lazy("Hazardous waste"),
}


def dashboard_summary(*, user: User, scope: DashboardScope, month: date) -> Summary:
    """Everything the landing page shows for the month and the year to date."""
    summary = Summary(scope, month, None, has_data=False)
    if scope.indicators:
        _figures(summary)
    _flags(summary, user)
    _alerts(summary, user)
    return summary


def _figures(summary: Summary) -> None:
    for name, value in dashboard_figures(park=summary.scope.park, month=summary.month).items():
        setattr(summary, name, value)


def dashboard_figures(*, park: Park | None, month: date) -> dict:
    """The landing page's figures of a scope (the city for None) and month (_figures_compute),
    reused while the data behind them is unchanged (figures_cached): reading and totalling a
    city's ledger takes seconds. Computed ahead after uploads (dashboard.receivers)."""
    return figures_cached(
        "dashboard",
        lambda: _figures_compute(park, month),
        park=park.pk if park else None,
        month=month,
    )


def _figures_compute(park: Park | None, month: date) -> dict:
    """The indicators and tonnes of city_indicators (the Indicators page's own figures) beside
    the same spans a year before, and the 24 months up to the month: Summary's fields."""
    report = city_indicators(park=park, month=month, year=None, history_months=TREND_MONTHS)
    before = year_before(report)
    figures = {
        "report": figures_light(report),
        "year_before": replace(before, totals={}),
        "has_data": not report.totals["month"].empty,
        "tonnes": [],
        "indicators": [],
    }
    tonnes = {column: flow_tonnes(report.totals[column]) for column in ("month", "year_to_date")}
    earlier = {column: flow_tonnes(before.totals[column]) for column in ("month", "year_to_date")}
    for waste, waste_label in WASTE_LABELS.items():
        for flow, flow_label in FLOW_LABELS.items():
            cells = {
                column: Change(
                    *(_tonnes(t[column], waste, flow) for t in (tonnes, earlier)),
                    like_for_like=before.comparable[column],
                )
                for column in tonnes
            }
            for cell in cells.values():
                cell.no_data = cell.value is None
            label = f"{waste_label} · {flow_label}"
            figures["tonnes"].append(FigureRow(label, "t", cells["month"], cells["year_to_date"]))
    for row in report.rows:
        definition = row.results["month"].definition
        cells = (
            Change(
                row.results[column].value,
                before.results[column][row.code].value,
                like_for_like=before.comparable[column],
                no_data=row.results[column].no_data,
            )
            for column in ("month", "year_to_date")
        )
        figures["indicators"].append(
            FigureRow(
                definition.name,
                definition.unit,
                *cells,
                row.target,
                row.progress,
                definition.decimals,
            )
        )
    flows = monthly_flows(park=park, month=month, months=TREND_MONTHS, lines=report.lines)
    names = {f"{flow}_t": str(FLOW_LABELS[flow]) for flow in FLOW_TERMS if flow != "transferred"}
    unit = unit_shown(TONNES, city=park is None)  # cached by language, as the labels
    figures["trend"] = {
        "kind": "line",
        "categories": [f"{one.period:%Y-%m}" for one in flows],
        "unit": unit_name(unit),
        "series": [
            {"name": name, "values": [_in_unit(getattr(one, column), unit) for one in flows]}
            for column, name in names.items()
        ],
        "mark": f"{month:%Y-%m}",
    }
    figures["trend_rows"] = flows
    figures["trend_unit"] = unit
    return figures


def _in_unit(tonnes: float | None, unit: str) -> float | None:
    """Tonnes in the chart's unit, rounded as its table shows them (万吨 to 2 places)."""
    if unit == TONNES:
        return tonnes
    return round_half_up(*in_unit(tonnes, unit, TREND_DECIMALS))


def _tonnes(tonnes: dict | None, waste: str, flow: str) -> float | None:
    """The tonnes of a waste and flow; None (no data) when nobody reported that waste."""
    if tonnes is None or tonnes[waste] is None:
        return None
    return tonnes[waste][flow]


def _query(url: str, **params: str | int) -> str:
    return f"{url}?{urlencode({key: value for key, value in params.items() if value != ''})}"


def _flags(summary: Summary, user: User) -> None:
    counts = flag_open_counts(user=user, enterprise_ids=summary.scope.enterprise_ids)
    url, park = reverse("detection:flag-list"), summary.scope.park_code
    status = Flag.Status.OPEN
    summary.open_flags = Counter(
        _("Open flags"), sum(row["count"] for row in counts), _query(url, status=status, park=park)
    )
    for severity, label in reversed(Flag.Severity.choices):
        count = sum(row["count"] for row in counts if row["severity"] == severity)
        link = _query(url, status=status, severity=severity, park=park)
        summary.flags_by_severity.append(Counter(label, count, link))
    kinds: dict[str, int] = {}
    for row in counts:
        kinds[row["kind"]] = kinds.get(row["kind"], 0) + row["count"]
    summary.flags_by_kind = [
        Counter(str(check_info(kind).name), count, _query(url, status=status, kind=kind, park=park))
        for kind, count in sorted(kinds.items(), key=lambda item: (-item[1], item[0]))
    ]


def _alerts(summary: Summary, user: User) -> None:
    """Overdue ledgers of the month, overdue manifests, silent weighbridges of the month and
    evaluations awaiting approval, each with the list behind it."""
    scope, month = summary.scope, summary.month
    park, ids = scope.park_code, scope.enterprise_ids
    overdue = filing_overdue_count(user=user, period=month, park=scope.park)
    silent = monitoring_points_silent(period=month, enterprise_ids=ids)
    summary.alerts = [
        Counter(
            _("Overdue ledgers"),
            overdue,
            _query(reverse("dashboard:filing"), period=f"{month:%Y-%m}", park=park, status=OVERDUE),
        ),
        Counter(
            _("Overdue manifests"),
            manifest_overdue_count(user=user, enterprise_ids=ids),
            _query(reverse("monitoring:manifest-list"), status="overdue", park=park),
        ),
        Counter(
            _("Silent weighbridges"),
            len(silent),
            _query(reverse("monitoring:device-list"), silent=f"{month:%Y-%m}", park=park),
        ),
    ]
    if scope.indicators:
        codes = None if scope.park is None else [scope.park.code]
        summary.alerts.append(
            Counter(
                _("Park evaluations awaiting approval"),
                evaluations_awaiting_approval(user=user, park_codes=codes),
                _query(reverse("evaluation:list"), status="submitted", park=park),
            )
        )


ON_TIME, LATE, MISSING = "on_time", "late", "missing"
FILING_STATUSES = {
    ON_TIME: gettext_lazy("Filed on time"),
    LATE: gettext_lazy("Filed late"),
    MISSING: gettext_lazy("Not filed"),
}
OVERDUE = "overdue"  # not filed, and the due day has passed: the dashboard's overdue ledgers


def filing_default_period(*, today: date) -> date:
    """The month the filing page opens on: the latest whose due day (the 15th of the next
    month) has passed, so that those not filed are overdue, not merely not filed yet; before
    the 16th that is the month before last."""
    period = month_add(today, -1)
    return period if today > ledger_due(period) else month_add(period, -1)


@dataclass
class Filing:
    """Whether an enterprise filed a month's ledger by its due day (the 15th of the next)."""

    enterprise: Enterprise
    filed_at: datetime | None
    status: str
    due: date
    overdue: bool  # not filed, and the due day has passed

    @property
    def status_label(self) -> str:
        return str(FILING_STATUSES[self.status])


def filing_status(*, user: User, period: date, park: Park | None = None) -> list[Filing]:
    """Every enterprise registered in a park (of `park` only, if given) the user may read, and
    whether it filed the month on time, late, or not yet, by its first figures of the month."""
    # Names, codes and parks only: no geometry built for each of a city's enterprises.
    enterprises = (
        enterprise_list(user=user).filter(park__isnull=False).defer("park__boundary", "location")
    )
    if park is not None:
        enterprises = enterprises.filter(park=park)
    enterprises = list(enterprises.order_by("park__code", "credit_code"))
    filed = ledger_filings(period=period, enterprise_ids=[e.pk for e in enterprises])
    due, today = ledger_due(period), timezone.localdate()
    rows = []
    for enterprise in enterprises:
        filed_at = filed.get(enterprise.pk)
        if filed_at is None:
            status = MISSING
        else:
            status = ON_TIME if timezone.localdate(filed_at) <= due else LATE
        rows.append(Filing(enterprise, filed_at, status, due, status == MISSING and today > due))
    return rows


def filing_overdue_count(*, user: User, period: date, park: Park | None = None) -> int:
    """How many rows of filing_status are overdue, from the enterprises' ids alone (the
    landing page's alert: no enterprise built for a count)."""
    if timezone.localdate() <= ledger_due(period):
        return 0
    enterprises = enterprise_list(user=user).filter(park__isnull=False)
    if park is not None:
        enterprises = enterprises.filter(park=park)
    ids = list(enterprises.values_list("pk", flat=True))
    return len(ids) - len(ledger_filings(period=period, enterprise_ids=ids))


def filing_park(*, user: User, park_code: str | None) -> Park | None:
    """The park the filing page is filtered by (one the user may read), or None for all."""
    if not park_code:
        return None
    park = park_list(user=user).filter(code=park_code).first() if SLUG.match(park_code) else None
    if park is None:
        raise Http404(_("No park %(code)s that you may read.") % {"code": park_code})
    return park
