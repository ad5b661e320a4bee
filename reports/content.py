"""What a monthly compliance report says, independent of its format: a cover and sections of
typed columns and rows, built from each owning app's selectors and services, in the report's
language. The formats (formats.py) only lay these out.

Every figure has one source: the summary is the Indicators page's (indicators.services), the
balance the ledger's current figures (monitoring), transfers the ledger's lines and the
weighbridge's tickets, manifests their own records, flags their review, completeness when the
ledger was first filed against its deadline. docs/reports.md explains each."""

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import partial

import pandas as pd
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy

from detection.reasons import flag_cells
from detection.selectors import flag_month_list
from indicators.formulas import DEFINITIONS
from indicators.services import CityIndicators, MonthFlows, city_indicators, monthly_flows
from monitoring.ledger.selectors import (
    ledger_filings,
    ledger_transfer_lines_of,
)
from monitoring.manifests import manifest_figures, manifest_month_list
from monitoring.selectors import monitoring_points_silent, weighed_by_counterparty
from parks.models import Enterprise, Park
from parks.selectors import (
    EnterpriseLabel,
    enterprise_labels,
    park_enterprise_ids,
)
from reports.collector import collection_paused
from wastewatch.numbers import round_half_up
from wastewatch.periods import ledger_due

HISTORY_MONTHS = 24  # the PDF's chart
TONNES = "t"  # a column's unit; numbers stored as numbers with three decimals
# Units as a reader writes them: 吨 in Chinese headers.
UNIT_NAMES = {TONNES: pgettext_lazy("unit", "t"), "t/万元": pgettext_lazy("unit", "t/万元")}


@dataclass
class Column:
    key: str
    header: str
    unit: str = ""  # "t", "%", "t/万元"…; empty for text and counts
    kind: str = "text"  # text, number, integer, date, datetime
    title: str = field(init=False)  # the header with its unit: 产生（吨）, Generated (t)

    def __post_init__(self) -> None:
        # Made with the header, in the report's language, which the writers no longer hold.
        self.title = self.header
        if self.unit:
            self.title = pgettext("column header with its unit", "%(header)s (%(unit)s)") % {
                "header": self.header,
                "unit": UNIT_NAMES.get(self.unit, self.unit),
            }


@dataclass
class Section:
    key: str  # the CSV file's name stem: summary, balance, transfers, manifests, flags…
    sheet: str  # the XLSX sheet's name (at most 31 characters)
    title: str
    columns: list[Column]
    rows: list[list] = field(default_factory=list)


@dataclass
class ReportContent:
    scope: str  # "city", "park" or "enterprise" (a declaration, reports/declaration.py)
    park: Park | None
    period: date
    language: str
    cutoff: datetime
    sections: list[Section]
    enterprise: Enterprise | None = None  # a declaration's enterprise
    span: str = "month"  # month; a declaration also quarter or year (period: its first day)
    title: str = ""  # the cover's heading, in the report's language; "": the monthly report's
    cover: list[list] = field(default_factory=list)  # further cover lines (label, value)

    # The last 24 months' tonnes for the PDF's chart: context for the month, not a section, so
    # that the workbook and the CSVs keep their sheets.
    flow_history: list[MonthFlows] = field(default_factory=list)

    @property
    def scope_name(self) -> str:
        if self.enterprise is not None:
            return self.enterprise.name
        return self.park.display_name if self.park else _("City of Baotou")

    def figures_sha256(self) -> str:
        """Of every section's rows and the chart's months (not the cover's issue time): two
        reports with the same figures have the same hash."""
        data = [[s.key, [c.key for c in s.columns], s.rows] for s in self.sections]
        data.append(["flow_history", [list(vars(month).values()) for month in self.flow_history]])
        text = json.dumps(data, sort_keys=True, default=_plain, ensure_ascii=False)
        return hashlib.sha256(text.encode()).hexdigest()

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)


def _plain(value) -> str:
    """Dates and local times (cells hold them naive, in the platform's time zone) as text."""
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


@collection_paused
def report_content(
    *, park: Park | None, period: date, language: str, cutoff: datetime | None = None
) -> ReportContent:
    """The city's report (park None) or a park's, of the month `period`, in `language`."""
    cutoff = cutoff or timezone.now()
    enterprise_ids = None if park is None else park_enterprise_ids(park=park)
    with translation.override(language):
        # The summary's indicators read the ledger once (the month, the year to date, the
        # same months a year before and the chart's 24 months); the balance and transfers
        # are the month's share of it, the chart's months the rest.
        indicators = city_indicators(
            park=park, month=period, year=None, history_months=HISTORY_MONTHS
        )
        scope = enterprise_labels(ids=enterprise_ids)  # named by every section below
        names = _by_id_and_code(scope)
        sections = [
            _summary(indicators),
            _balance(indicators, names),
            _transfers(indicators, enterprise_ids, names),
            _manifests(period, enterprise_ids, cutoff),
            _flags(period, enterprise_ids),
            _completeness(period, enterprise_ids, cutoff, scope),
        ]
    return ReportContent(
        scope="city" if park is None else "park",
        park=park,
        period=period,
        language=language,
        cutoff=cutoff,
        sections=sections,
        flow_history=monthly_flows(
            park=park, month=period, months=HISTORY_MONTHS, lines=indicators.lines
        ),
    )


def tonnes(value) -> float | None:
    """Tonnes to three decimals; None for none (or NaN): every figure cell of a report."""
    if value is None:
        return None
    value = float(value)
    return None if value != value else round(value, 3)


def _tonnes(figures: pd.Series) -> list[float | None]:
    """tonnes() of a whole column at once (the balance and transfers have a row per series)."""
    rounded = figures.astype(float).round(3)
    return rounded.astype(object).where(rounded.notna(), None).tolist()


def _yes_no() -> dict[bool, str]:
    """ "yes" and "no" in the report's language, translated once per section, not per row."""
    return {True: _("yes"), False: _("no")}


def _summary(indicators: CityIndicators) -> Section:
    columns = [
        Column("indicator", _("Indicator")),
        Column("unit", _("Unit")),
        Column("month", _("Month"), kind="number"),
        Column("year_to_date", _("Year to date"), kind="number"),
        Column("year_before", _("Same months a year before"), kind="number"),
        Column("target", _("Target"), kind="number"),
        Column("progress", _("Progress towards the target"), "%", kind="number"),
        Column("unknown_t", _("Month: transferred, handling unknown"), TONNES, "number"),
        Column("unknown_pct", _("Month: handling unknown, share of generation"), "%", "number"),
        Column("source", _("Source")),
    ]
    rows = []
    for row in indicators.rows:
        definition = DEFINITIONS[row.code]
        before = indicators.year_before.get(row.code)
        value = partial(round_half_up, decimals=definition.decimals)  # as the API rounds it
        rows.append(
            [
                str(definition.name),
                definition.unit,
                value(row.results["month"].value),
                value(row.results["year_to_date"].value),
                value(before.value) if before else None,
                row.target,
                None if row.progress is None else round_half_up(100 * row.progress, 1),
                round_half_up(row.results["month"].handling_unknown_t, 3),
                round_half_up(row.results["month"].handling_unknown_pct, 2),
                str(definition.source),
            ]
        )
    return Section("summary", _("Summary"), _("Zero-waste city indicators"), columns, rows)


def _by_id_and_code(found: list[EnterpriseLabel]) -> dict[int | str, EnterpriseLabel]:
    return {e.pk: e for e in found} | {e.credit_code: e for e in found}


FLOWS = ["opening", "generated", "received", "utilised", "disposed", "transferred_out", "closing"]


def _balance(indicators: CityIndicators, names: dict[int | str, EnterpriseLabel]) -> Section:
    totals = indicators.totals["month"]  # ledger_flow_totals of the month, of the scope
    columns = [
        Column("enterprise", _("Enterprise")),
        Column("credit_code", _("Unified social credit code")),
        Column("category", _("Waste category")),
        Column("hazardous", _("Hazardous")),
        Column("opening", _("Opening stock"), TONNES, "number"),
        Column("generated", _("Generated"), TONNES, "number"),
        Column("received", pgettext("ledger flow", "Received"), TONNES, "number"),
        Column("utilised", _("Utilised on site"), TONNES, "number"),
        Column("disposed", _("Disposed of on site"), TONNES, "number"),
        Column("transferred_out", _("Transferred out"), TONNES, "number"),
        Column("closing", _("Closing stock"), TONNES, "number"),
        Column("residual", _("Residual where it does not balance"), TONNES, "number"),
    ]
    totals = totals.sort_values(["credit_code", "category_code"])
    residual = (
        totals["opening"]
        + totals["generated"]
        + totals["received"]
        - totals["utilised"]
        - totals["disposed"]
        - totals["transferred_out"]
        - totals["closing"]
    )
    yes = _yes_no()
    # Whole columns at once, then zipped into rows: a city holds 10,000s of series.
    rows = [
        list(row)
        for row in zip(
            [names[e].name for e in totals["enterprise_id"].tolist()],
            totals["credit_code"].tolist(),
            totals["category_code"].tolist(),
            [yes[bool(h)] for h in totals["hazardous"].tolist()],
            *(_tonnes(totals[flow]) for flow in FLOWS),
            _tonnes(residual.where(residual.abs() >= 0.0005)),
            strict=True,
        )
    ]
    return Section(
        "balance", _("Balance"), _("Balance per enterprise and waste category"), columns, rows
    )


PAIR = ["enterprise_id", "category_id", "category_code", "counterparty"]
WEIGHED_PAIR = ["enterprise_id", "category_id", "counterparty"]


def _transfers(
    indicators: CityIndicators,
    enterprise_ids: list[int] | None,
    names: dict[int | str, EnterpriseLabel],
) -> Section:
    period = indicators.month
    lines = ledger_transfer_lines_of(indicators.lines, period=period)
    weighed = weighed_by_counterparty(period=period, enterprise_ids=enterprise_ids)
    columns = [
        Column("sender", _("Sender")),
        Column("sender_code", _("Sender's credit code")),
        Column("receiver", pgettext("ledger counterparty", "Receiver")),
        Column("receiver_code", _("Receiver's credit code")),
        Column("registered", _("Receiver registered here")),
        Column("category", _("Waste category")),
        Column("waste_codes", _("Waste codes")),
        Column("declared", _("Declared"), TONNES, "number"),
        Column("weighed", _("Weighed"), TONNES, "number"),
    ]
    if lines.empty:
        return Section("transfers", _("Transfers"), _("Transfers by counterparty"), columns, [])
    # Receivers outside the scope (or not registered): looked up by the codes not yet known.
    unknown = set(lines["counterparty"].unique().tolist()) - set(names) - {""}
    if unknown:
        names = names | _by_id_and_code(enterprise_labels(credit_codes=sorted(unknown)))
    # Per sender, category and counterparty: the tonnes, the waste codes named (few: only
    # hazardous waste has them) and, where the sender has a weighbridge, the weighed tonnes.
    pairs = lines.groupby(PAIR, as_index=False, sort=True)["quantity_t"].sum()
    coded = lines[lines["waste_code"] != ""].drop_duplicates([*PAIR, "waste_code"])
    codes: dict[tuple, list[str]] = {}
    for *pair, waste_code in zip(
        *(coded.sort_values("waste_code")[c].tolist() for c in [*PAIR, "waste_code"]),
        strict=True,
    ):
        codes.setdefault(tuple(pair), []).append(waste_code)
    weighed_t = pairs.merge(weighed[[*WEIGHED_PAIR, "net_t"]], on=WEIGHED_PAIR, how="left")
    weighed_t = weighed_t["net_t"].fillna(0.0)
    weighed_t = weighed_t.where(pairs["enterprise_id"].isin(set(weighed["enterprise_id"])))
    yes, unregistered = _yes_no(), _("not registered")
    rows = []
    for enterprise_id, category_id, category_code, counterparty, declared, weighed_tonnes in zip(
        *(pairs[c].tolist() for c in PAIR),
        _tonnes(pairs["quantity_t"]),
        _tonnes(weighed_t),
        strict=True,
    ):
        sender, receiver = names[enterprise_id], names.get(counterparty)
        rows.append(
            [
                sender.name,
                sender.credit_code,
                receiver.name if receiver else (counterparty and unregistered),
                counterparty,
                yes[receiver is not None],
                category_code,
                ", ".join(codes.get((enterprise_id, category_id, category_code, counterparty), [])),
                declared,
                weighed_tonnes,
            ]
        )
    return Section("transfers", _("Transfers"), _("Transfers by counterparty"), columns, rows)


def _manifests(period: date, enterprise_ids: list[int] | None, cutoff: datetime) -> Section:
    columns = [
        Column("number", _("Manifest number")),
        Column("generator", _("Generator")),
        Column("receiver", _("Receiver")),
        Column("waste_code", _("Waste code")),
        Column("shipped_at", _("Shipped"), kind="datetime"),
        Column("shipped", _("Shipped"), TONNES, "number"),
        Column("due", _("Confirmation due"), kind="date"),
        Column("status", _("Status")),
        Column("received", pgettext("manifest", "Received"), TONNES, "number"),
        Column("refused", _("Refused"), TONNES, "number"),
        Column("discrepancy", _("Discrepancy"), "%", "number"),
        Column("discrepant", _("Discrepant")),
    ]
    today = timezone.localdate(cutoff)
    rows, yes = [], _yes_no()
    for manifest in manifest_month_list(period=period, enterprise_ids=enterprise_ids):
        figures = manifest_figures(manifest=manifest, today=today)
        if manifest.received_at is not None:
            status = _("confirmed late") if figures.is_late else _("confirmed")
        else:
            status = _("unconfirmed, overdue") if figures.is_overdue else _("awaiting receipt")
        ratio = figures.discrepancy_ratio
        rows.append(
            [
                manifest.number,
                manifest.generator.name,
                manifest.receiver.name,
                manifest.waste_code,
                timezone.localtime(manifest.shipped_at).replace(tzinfo=None),
                tonnes(manifest.quantity_shipped_t),
                manifest.confirmation_due,
                status,
                tonnes(manifest.quantity_received_t),
                tonnes(manifest.quantity_refused_t),
                None if ratio is None else round(float(ratio) * 100, 1),
                yes[bool(figures.is_discrepant)],
            ]
        )
    return Section(
        "manifests", _("Manifests"), _("Hazardous-waste transfer manifests"), columns, rows
    )


def _flags(period: date, enterprise_ids: list[int] | None) -> Section:
    columns = [
        Column("enterprise", _("Enterprise")),
        Column("credit_code", _("Unified social credit code")),
        Column("waste", _("Waste")),
        Column("check", _("Check")),
        Column("severity", _("Severity")),
        Column("reasons", _("Reasons")),
        Column("status", _("Review")),
        Column("reviewer", _("Reviewed by")),
        Column("note", _("Review note")),
    ]
    rows = [
        [flag.enterprise.name, flag.enterprise.credit_code, *flag_cells(flag), flag.review_note]
        for flag in flag_month_list(period=period, enterprise_ids=enterprise_ids)
    ]
    return Section(
        "flags", _("Flags"), _("Flags raised for the month and their review"), columns, rows
    )


def _completeness(
    period: date, enterprise_ids: list[int] | None, cutoff: datetime, scope: list[EnterpriseLabel]
) -> Section:
    columns = [
        Column("enterprise", _("Enterprise")),
        Column("credit_code", _("Unified social credit code")),
        Column("park", _("Park")),
        Column("key_unit", _("Key supervised unit")),
        Column("filed_at", _("Ledger first filed"), kind="datetime"),
        Column("filing", _("Filing")),
        Column("silent_weighbridges", _("Weighbridges with no ticket in the month")),
    ]
    # The enterprises registered in a park; those registered only so that their manifests can
    # be recorded (receivers outside the city) file nothing here.
    enterprises = [e for e in scope if e.park_code]
    filed = ledger_filings(period=period, enterprise_ids=enterprise_ids)
    silent: dict[int, list[str]] = {}
    for point in monitoring_points_silent(period=period, enterprise_ids=enterprise_ids):
        silent.setdefault(point.enterprise_id, []).append(point.code)
    due = ledger_due(period)
    not_filed = _("not filed")
    on_time = _("on time (by %(due)s)") % {"due": due.isoformat()}
    late = _("late (due %(due)s)") % {"due": due.isoformat()}
    rows, yes = [], _yes_no()
    for enterprise in enterprises:
        at = filed.get(enterprise.pk)
        local = None if at is None else timezone.localtime(at).replace(tzinfo=None)
        rows.append(
            [
                enterprise.name,
                enterprise.credit_code,
                enterprise.park_code,
                yes[bool(enterprise.is_key_unit)],
                local,
                not_filed if local is None else on_time if local.date() <= due else late,
                ", ".join(silent.get(enterprise.pk, [])),
            ]
        )
    return Section("completeness", _("Completeness"), _("Data completeness"), columns, rows)
