"""A report's content as an A4 PDF for filing and signature: the cover, the summary, the chart of
the last 24 months, the key tables and a signature block, laid out by the Django templates of
templates/reports/pdf/ and rendered by WeasyPrint (no browser). Chinese is drawn with Noto Sans
CJK SC (fonts-noto-cjk, installed by scripts/system-deps.sh).

A city's balance has tens of thousands of rows: the PDF stays readable by showing the balance
summed per waste category and only the largest rows of each table (TOP), and says so; every row
is in the XLSX and the CSVs."""

import base64
from collections import Counter
from datetime import date, datetime

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from weasyprint import HTML

from reports.charts import flow_chart_svg, flow_series_labels
from reports.content import TONNES, ReportContent, Section
from reports.formats import cover_rows
from wastewatch.periods import ledger_due

TOP = 15  # rows of a table shown in the PDF when it has more
BALANCE_SHOWN = [
    "enterprise",
    "category",
    "generated",
    "utilised",
    "disposed",
    "transferred_out",
    "closing",
]


def pdf_bytes(content: ReportContent, *, version: int, issued_at: datetime | None = None) -> bytes:
    with translation.override(content.language):
        if content.enterprise is not None:
            html = render_to_string(
                "reports/pdf/declaration.html", _declaration(content, version, issued_at)
            )
        else:
            html = render_to_string(
                "reports/pdf/report.html", _context(content, version, issued_at)
            )
    return HTML(string=html).write_pdf()


def _declaration(content: ReportContent, version: int, issued_at: datetime | None) -> dict:
    """An enterprise's declaration: a handful of wastes, so every section whole, as filed."""
    cover = cover_rows(content, version=version, issued_at=issued_at)
    return {
        "language": _html_language(content),
        "title": cover[0][0],
        "cover": cover[1:],
        "footer": f"{content.enterprise.credit_code} · {cover[0][0]} · v{version}",
        "tables": [_table(s, [c.key for c in s.columns]) for s in content.sections],
    }


def _html_language(content: ReportContent) -> str:
    return "zh-Hans" if content.language.startswith("zh") else content.language


def _context(content: ReportContent, version: int, issued_at: datetime | None) -> dict:
    cover = cover_rows(content, version=version, issued_at=issued_at)
    chart = base64.b64encode(flow_chart_svg(content).encode()).decode()
    balance = content.section("balance")
    # The same sentence as the completeness section's for an enterprise that filed on time.
    on_time = _("on time (by %(due)s)") % {"due": ledger_due(content.period).isoformat()}
    return {
        "language": _html_language(content),
        "title": cover[0][0],
        "cover": cover[1:],
        "footer": f"{content.scope_name} · {content.period:%Y-%m} · v{version}",
        "summary": _table(
            content.section("summary"),
            ["indicator", "unit", "month", "year_to_date", "year_before", "target", "progress"],
        ),
        "chart": f"data:image/svg+xml;base64,{chart}",
        "history": _history(content),
        "balance_by_category": _balance_by_category(balance),
        "balance_top": _top(
            balance,
            "generated",
            BALANCE_SHOWN,
        ),
        "transfers_top": _top(
            content.section("transfers"),
            "declared",
            ["sender", "receiver", "category", "declared", "weighed"],
        ),
        "lists": [
            _counted(
                content.section("manifests"),
                "status",
                [
                    "number",
                    "generator",
                    "receiver",
                    "waste_code",
                    "shipped",
                    "status",
                    "discrepancy",
                ],
                first=lambda row, at: row[at["discrepant"]] == _("yes"),
            ),
            _counted(
                content.section("flags"),
                "status",
                ["enterprise", "waste", "check", "severity", "reasons", "status"],
                first=lambda row, at: False,  # in the section's order
            ),
            _counted(
                content.section("completeness"),
                "filing",
                ["enterprise", "park", "filed_at", "filing", "silent_weighbridges"],
                first=lambda row, at: row[at["filing"]] != on_time,
            ),
        ],
    }


def _paired(table: dict) -> dict:
    """Each header and cell with whether it is a number (right-aligned in the template)."""
    numeric = table.pop("numeric")
    table["headers"] = list(zip(table["headers"], numeric, strict=True))
    table["rows"] = [list(zip(row, numeric, strict=True)) for row in table["rows"]]
    if "totals" in table:
        table["totals"] = list(zip(table["totals"], numeric, strict=True))
    return table


def _index(section: Section) -> dict[str, int]:
    return {column.key: index for index, column in enumerate(section.columns)}


def _cell(value, unit: str = "") -> str:
    """A value as printed: tonnes with three decimals, other numbers as the report rounded
    them, times to the minute, nothing for None."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, float | int):
        return f"{value:,.3f}" if unit == TONNES else f"{value:,}"
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d %H:%M}"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _table(section: Section, keys: list[str], rows: list[list] | None = None) -> dict:
    at = _index(section)
    columns = [section.columns[at[key]] for key in keys]
    return _paired(
        {
            "title": section.title,
            "headers": [column.title for column in columns],
            "numeric": [column.kind in ("number", "integer") for column in columns],
            "rows": [
                [
                    _cell(row[at[key]], column.unit)
                    for key, column in zip(keys, columns, strict=True)
                ]
                for row in (section.rows if rows is None else rows)
            ],
            "total": len(section.rows),
        }
    )


def _top(section: Section, by: str, keys: list[str]) -> dict:
    """The TOP rows by `by`, largest first (all of them when there are no more)."""
    at = _index(section)
    rows = sorted(section.rows, key=lambda row: -(row[at[by]] or 0))[:TOP]
    return _table(section, keys, rows)


def _counted(section: Section, by: str, keys: list[str], *, first) -> dict:
    """How many rows of each `by` value, and the TOP rows, those `first` picks before the
    others (a stable sort: otherwise in the section's order)."""
    at = _index(section)
    counts = Counter(str(row[at[by]]) for row in section.rows)
    rows = sorted(section.rows, key=lambda row: not first(row, at))
    table = _table(section, keys, rows[:TOP])
    table["counts"] = sorted(counts.items(), key=lambda item: -item[1])
    table["count_header"] = section.columns[at[by]].header
    return table


def _balance_by_category(section: Section) -> dict:
    """The balance summed per waste category over the scope's enterprises."""
    at = _index(section)
    keys = ["opening", "generated", "received", "utilised", "disposed", "transferred_out"]
    keys.append("closing")
    sums: dict[tuple[str, str], list[float]] = {}
    enterprises: dict[tuple[str, str], set] = {}
    for row in section.rows:
        group = (row[at["category"]], row[at["hazardous"]])
        figures = sums.setdefault(group, [0.0] * len(keys))
        for index, key in enumerate(keys):
            figures[index] += row[at[key]] or 0.0
        enterprises.setdefault(group, set()).add(row[at["credit_code"]])
    columns = [section.columns[at[key]] for key in keys]
    rows = [
        [category, hazardous, f"{len(enterprises[(category, hazardous)]):,}"]
        + [_cell(round(value, 3), TONNES) for value in figures]
        for (category, hazardous), figures in sorted(sums.items())
    ]
    totals = [sum(figures[i] for figures in sums.values()) for i in range(len(keys))]
    return _paired(
        {
            "headers": [
                section.columns[at["category"]].title,
                section.columns[at["hazardous"]].title,
                _("Enterprises"),
                *(column.title for column in columns),
            ],
            "numeric": [False, False, True] + [True] * len(keys),
            "rows": rows,
            "totals": [_("Total"), "", f"{len({r[at['credit_code']] for r in section.rows}):,}"]
            + [_cell(round(value, 3), TONNES) for value in totals],
        }
    )


def _history(content: ReportContent) -> dict:
    """The chart's figures as a table, the months with figures only."""
    labels = flow_series_labels()
    rows = [
        [f"{m.period:%Y-%m}"]
        + [_cell(v, TONNES) for v in (m.generated_t, m.utilised_t, m.disposed_t, m.stored_t)]
        for m in content.flow_history
        if m.generated_t is not None
    ]
    return _paired(
        {
            "headers": [_("Month"), *(f"{label} ({TONNES})" for label in labels.values())],
            "numeric": [False, True, True, True, True],
            "rows": rows[-12:],
        }
    )
