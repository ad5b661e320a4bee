"""An enterprise's declaration of its industrial solid waste for a month, quarter or year, in
the layout of the national system's flow summary (流向汇总), so that a unit can file there
from what it already reported here.

Hazardous waste by waste code in the stages of HJ 1259-2022 (产生, 入库/贮存, 自行利用,
自行处置, 委外利用/处置 with each receiver and its credit code); general industrial solid waste
by the categories of the 2021 ledger guideline (一般工业固体废物管理台账制定指南（试行）) in the
same stages; the manifests of the span; a cover with the enterprise, its tier and the deadline
to file. Which units declare how often follows the tier (parks.Enterprise.hazardous_waste_tier,
domain reference §4.3): monthly for key supervised units, quarterly for simplified management
units, and annually for every unit. docs/reports.md (Declarations) gives each figure's source.
"""

from datetime import date, datetime

import pandas as pd
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from monitoring.ledger.selectors import ledger_declaration_lines
from monitoring.manifests import manifest_figures, manifest_month_list
from parks.models import Enterprise
from parks.selectors import enterprise_lookup
from reports.content import TONNES, Column, ReportContent, Section, tonnes
from reports.models import ComplianceReport
from wastewatch.periods import month_add

Span = ComplianceReport.Span
Tier = Enterprise.HazardousWasteTier

SPAN_MONTHS = {Span.MONTH: 1, Span.QUARTER: 3, Span.YEAR: 12}
DECLARATION_DUE_DAY = 15  # monthly and quarterly declarations: the 15th of the next month
ANNUAL_DUE = (3, 31)  # annual declarations: 31 March of the next year
# The schedule's monthly run after each of these months closes (re)issues the previous
# year's annual declarations: December's run (on REPORTS_ISSUE_DAY in January) issues them,
# January's and February's issue a new version only where a correction changed the figures,
# all before the 31 March deadline.
ANNUAL_RUN_AFTER = (12, 1, 2)


def span_start(span: str, day: date) -> date:
    """The first day of the month, quarter or year that holds `day`."""
    if span == Span.YEAR:
        return date(day.year, 1, 1)
    if span == Span.QUARTER:
        return date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    return day.replace(day=1)


def span_months(span: str, period: date) -> list[date]:
    """The months of the span that starts at `period`."""
    return [month_add(period, n) for n in range(SPAN_MONTHS[span])]


def declaration_due(span: str, period: date) -> date:
    """The day the declaration of the span starting at `period` is due in the national
    system: the 15th of the month after a month or a quarter, 31 March after a year."""
    if span == Span.YEAR:
        return date(period.year + 1, *ANNUAL_DUE)
    return month_add(period, SPAN_MONTHS[span]).replace(day=DECLARATION_DUE_DAY)


def declaration_spans(enterprise: Enterprise) -> list[str]:
    """The declarations a unit files by its tier: every unit the annual one; a key supervised
    unit also the monthly one, a simplified management unit the quarterly one."""
    extra = {Tier.KEY: [Span.MONTH], Tier.SIMPLIFIED: [Span.QUARTER]}
    return [*extra.get(enterprise.hazardous_waste_tier, []), Span.YEAR]


def declarations_due_after(period: date) -> list[tuple[Enterprise, str, date]]:
    """The declarations the schedule issues once the month `period` has closed, as
    (enterprise, span, first day of the span): the month's for key supervised units, the
    quarter's after its last month for simplified management units, and the previous year's
    for every unit after the months of ANNUAL_RUN_AFTER. Only enterprises registered in a park
    declare here (receivers outside the city are registered for their manifests only)."""
    period = period.replace(day=1)
    due = []
    for enterprise in enterprise_lookup():
        if enterprise.park_id is None:
            continue
        spans = declaration_spans(enterprise)
        if Span.MONTH in spans:
            due.append((enterprise, Span.MONTH, period))
        if Span.QUARTER in spans and period.month % 3 == 0:
            due.append((enterprise, Span.QUARTER, span_start(Span.QUARTER, period)))
        if period.month in ANNUAL_RUN_AFTER:
            year = period.year if period.month == 12 else period.year - 1
            due.append((enterprise, Span.YEAR, date(year, 1, 1)))
    return due


def declaration_content(
    *,
    enterprise: Enterprise,
    span: str,
    period: date,
    language: str,
    cutoff: datetime | None = None,
) -> ReportContent:
    """The declaration of `enterprise` for the span (month, quarter or year) holding
    `period`, in `language`, from the ledger's current figures recorded by `cutoff`."""
    cutoff = cutoff or timezone.now()
    period = span_start(span, period)
    months = span_months(span, period)
    lines = ledger_declaration_lines(
        enterprise_id=enterprise.pk, period_from=months[0], period_to=months[-1]
    )
    codes = sorted({code for code in lines["counterparty"] if code})
    receivers = {e.credit_code: e for e in enterprise_lookup(credit_codes=codes)} if codes else {}
    with translation.override(language):
        hazardous = lines[lines["hazardous"].astype(bool)]
        general = lines[~lines["hazardous"].astype(bool)]
        sections = [
            _flow_summary(hazardous, hazardous=True, language=language),
            _transfers(hazardous, receivers, hazardous=True, language=language),
            _flow_summary(general, hazardous=False, language=language),
            _transfers(general, receivers, hazardous=False, language=language),
            _manifests(enterprise, months, cutoff),
        ]
        titles = {
            Span.MONTH: _("Monthly declaration of industrial solid waste"),
            Span.QUARTER: _("Quarterly declaration of industrial solid waste"),
            Span.YEAR: _("Annual declaration of industrial solid waste"),
        }
        tier = enterprise.get_hazardous_waste_tier_display() or _("none (no hazardous waste)")
        cover = [
            [_("Unified social credit code"), enterprise.credit_code],
            [_("Park"), enterprise.park.display_name if enterprise.park else ""],
            [_("Hazardous-waste management tier"), str(tier)],
            [_("Span"), str(Span(span).label)],
            [_("Deadline to file"), declaration_due(span, period).isoformat()],
            [
                _("Layout"),
                _(
                    "Flow summary of HJ 1259-2022 (hazardous waste) and of the 2021 general "
                    "industrial solid waste ledger guideline"
                ),
            ],
        ]
    return ReportContent(
        scope=ComplianceReport.Scope.ENTERPRISE,
        park=None,
        period=period,
        language=language,
        cutoff=cutoff,
        sections=sections,
        enterprise=enterprise,
        span=span,
        title=titles[span],
        cover=cover,
    )


# Transfers out by the purpose the ledger line declares ("" when it does not say).
PURPOSES = {"utilisation": "to_utilisation", "disposal": "to_disposal", "storage": "to_storage"}


def _purpose_name(purpose: str) -> str:
    return {
        "utilisation": _("Commissioned utilisation"),
        "disposal": _("Commissioned disposal"),
        "storage": _("Commissioned storage"),
    }.get(purpose, _("purpose not stated"))


def _flow_summary(lines: pd.DataFrame, *, hazardous: bool, language: str) -> Section:
    """Per waste code (hazardous) or category (general): the stock opening the series' first
    month in the span, each stage's tonnes summed over its months, the stock closing its
    last month, and the residual where the figures do not balance."""
    columns = [
        *(
            [Column("waste_code", _("Waste code")), Column("name", _("Waste name"))]
            if hazardous
            else [Column("name", _("Waste name"))]
        ),
        Column("category", _("Waste category")),
        Column("opening", pgettext("declaration", "Opening stock"), TONNES, "number"),
        Column("generated", _("Generated"), TONNES, "number"),
        Column("received", _("Received from others"), TONNES, "number"),
        Column("stored", _("Put into storage (net)"), TONNES, "number"),
        Column("utilised", _("Utilised on site"), TONNES, "number"),
        Column("disposed", _("Disposed of on site"), TONNES, "number"),
        Column("to_utilisation", _("Commissioned utilisation"), TONNES, "number"),
        Column("to_disposal", _("Commissioned disposal"), TONNES, "number"),
        Column("to_storage", _("Commissioned storage"), TONNES, "number"),
        Column("to_unstated", _("Transferred out, purpose not stated"), TONNES, "number"),
        Column("closing", pgettext("declaration", "Closing stock"), TONNES, "number"),
        Column("residual", _("Residual where it does not balance"), TONNES, "number"),
    ]
    rows = []
    keys = ["category_code", "waste_code"] if hazardous else ["category_code"]
    for key, series in lines.groupby(keys, sort=True):
        code = key[1] if hazardous else ""
        category = key[0]
        by_flow = series.groupby("flow")["quantity_t"].sum()
        first, last = series["period"].min(), series["period"].max()
        opening = series[(series["period"] == first) & (series["flow"] == "opening_stock")]
        closing = series[(series["period"] == last) & (series["flow"] == "closing_stock")]
        opening_t, closing_t = opening["quantity_t"].sum(), closing["quantity_t"].sum()
        out = series[series["flow"] == "transferred_out"]
        by_purpose = out.groupby("purpose")["quantity_t"].sum()
        figures = {flow: float(by_flow.get(flow, 0.0)) for flow in FLOWS}
        transferred = {
            column: float(by_purpose.get(purpose, 0.0)) for purpose, column in PURPOSES.items()
        }
        transferred["to_unstated"] = figures["transferred_out"] - sum(transferred.values())
        residual = (
            opening_t
            + figures["generated"]
            + figures["received"]
            - figures["utilised"]
            - figures["disposed"]
            - figures["transferred_out"]
            - closing_t
        )
        name = series.iloc[0]["category_name_en" if language == "en" else "category_name_zh"]
        rows.append(
            [
                *([code, name] if hazardous else [name]),
                category,
                tonnes(opening_t),
                tonnes(figures["generated"]),
                tonnes(figures["received"]),
                tonnes(closing_t - opening_t),
                tonnes(figures["utilised"]),
                tonnes(figures["disposed"]),
                *(tonnes(transferred[c]) for c in ("to_utilisation", "to_disposal", "to_storage")),
                tonnes(transferred["to_unstated"]),
                tonnes(closing_t),
                tonnes(residual) if abs(residual) >= 0.0005 else None,
            ]
        )
    if hazardous:
        return Section(
            "hazardous",
            _("Hazardous waste"),
            _("Hazardous waste flow summary by waste code (HJ 1259-2022)"),
            columns,
            rows,
        )
    return Section(
        "general",
        _("General waste"),
        _("General industrial solid waste flow summary by category (2021 ledger guideline)"),
        columns,
        rows,
    )


FLOWS = ["generated", "received", "utilised", "disposed", "transferred_out"]


def _transfers(
    lines: pd.DataFrame, receivers: dict[str, Enterprise], *, hazardous: bool, language: str
) -> Section:
    """Per waste, receiver and purpose: the tonnes transferred out in the span, with the
    receiver's name and unified social credit code."""
    columns = [
        *([Column("waste_code", _("Waste code"))] if hazardous else []),
        Column("category", _("Waste category")),
        Column("purpose", _("Purpose")),
        Column("receiver", pgettext("ledger counterparty", "Receiver")),
        Column("receiver_code", _("Receiver's credit code")),
        Column("registered", _("Receiver registered here")),
        Column("quantity", _("Transferred"), TONNES, "number"),
    ]
    out = lines[lines["flow"] == "transferred_out"]
    rows = []
    keys = ["category_code", "waste_code", "purpose", "counterparty"]
    for (category, code, purpose, counterparty), group in out.groupby(keys, sort=True):
        receiver = receivers.get(counterparty)
        if receiver is not None:
            name = receiver.name
        else:
            name = _("not registered") if counterparty else _("receiver not named")
        rows.append(
            [
                *([code] if hazardous else []),
                category,
                _purpose_name(purpose),
                name,
                counterparty,
                _("yes") if receiver is not None else _("no"),
                tonnes(group["quantity_t"].sum()),
            ]
        )
    if hazardous:
        return Section(
            "hazardous_transfers",
            _("Hazardous waste transfers"),
            _("Hazardous waste commissioned utilisation and disposal, by receiver"),
            columns,
            rows,
        )
    return Section(
        "general_transfers",
        _("General waste transfers"),
        _("General industrial solid waste commissioned utilisation and disposal, by receiver"),
        columns,
        rows,
    )


def _manifests(enterprise: Enterprise, months: list[date], cutoff: datetime) -> Section:
    """Every manifest shipped in the span by the enterprise or to it."""
    columns = [
        Column("number", _("Manifest number")),
        Column("role", _("Role")),
        Column("waste_code", _("Waste code")),
        Column("counterparty", _("Counterparty")),
        Column("counterparty_code", _("Counterparty's credit code")),
        Column("shipped_at", _("Shipped"), kind="datetime"),
        Column("shipped", _("Shipped"), TONNES, "number"),
        Column("received", pgettext("manifest", "Received"), TONNES, "number"),
        Column("status", _("Status")),
    ]
    today = timezone.localdate(cutoff)
    rows = []
    for month in months:
        for manifest in manifest_month_list(period=month, enterprise_ids=[enterprise.pk]):
            sent = manifest.generator_id == enterprise.pk
            other = manifest.receiver if sent else manifest.generator
            figures = manifest_figures(manifest=manifest, today=today)
            if manifest.received_at is not None:
                status = _("confirmed late") if figures.is_late else _("confirmed")
            else:
                status = _("unconfirmed, overdue") if figures.is_overdue else _("awaiting receipt")
            rows.append(
                [
                    manifest.number,
                    _("shipped") if sent else _("received"),
                    manifest.waste_code,
                    other.name,
                    other.credit_code,
                    timezone.localtime(manifest.shipped_at).replace(tzinfo=None),
                    tonnes(manifest.quantity_shipped_t),
                    tonnes(manifest.quantity_received_t),
                    status,
                ]
            )
    return Section(
        "manifests", _("Manifests"), _("Hazardous-waste transfer manifests"), columns, rows
    )
