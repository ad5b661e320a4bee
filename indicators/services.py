"""The zero-waste city indicators of a scope (the city, or one park) for a month, the year to
date and a whole year, with targets and progress, and the statistical identity checked per
enterprise. Reads the ledger and economic figures through their apps' selectors."""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TypeVar
from urllib.parse import urlencode

import pandas as pd
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language

from indicators.formulas import (
    DEFINITIONS,
    Result,
    attribute,
    identity_check,
    indicators_compute,
)
from indicators.models import IndicatorTarget
from indicators.selectors import indicator_month_shown, indicator_year
from indicators.signals import figures_warming
from monitoring.ledger.selectors import (
    LedgerLines,
    ledger_figures_version,
    ledger_flow_lines,
    ledger_flow_totals_of,
    ledger_months_of,
)
from parks.models import Park
from parks.selectors import (
    economic_figures_version,
    economic_output,
    park_enterprise_ids,
    parks_of_enterprises,
)
from wastewatch.periods import month_add

COLUMNS = ("month", "year_to_date", "year")


@dataclass
class Span:
    period_from: date
    period_to: date
    # The months of the span that hold ledger figures, once read: what its figures cover.
    months: list[date] = field(default_factory=list)

    @property
    def length(self) -> int:
        """The months from period_from to period_to."""
        return (self.period_to.year - self.period_from.year) * 12 + (
            self.period_to.month - self.period_from.month + 1
        )

    @property
    def has_data(self) -> bool:
        return bool(self.months)

    @property
    def complete(self) -> bool:
        """Every month of the span holds ledger figures."""
        return len(self.months) == self.length


@dataclass
class IndicatorRow:
    code: str
    results: dict[str, Result]  # by column
    target: float | None = None
    progress: float | None = None  # of the target, for the year to date (1 = reached)
    # The year to date against the same months a year before (CityIndicators.compared); None
    # when either has no value or the year before lacks figures of one of those months.
    trend_pct: float | None = None

    @property
    def cells(self) -> list[Result]:
        return [self.results[column] for column in COLUMNS if column in self.results]


# Value added and output (万元) by (enterprise id, month): parks.selectors.economic_output.
EconomicFigures = dict[tuple[int, date], tuple[float | None, float | None]]


@dataclass
class CityIndicators:
    park: Park | None
    month: date
    year: int | None  # the whole year shown, if any
    spans: dict[str, Span]
    rows: list[IndicatorRow]
    identity: list[dict] = field(default_factory=list)  # enterprises whose identity breaks
    ledger_links: dict[str, str] = field(default_factory=dict)  # by column: the ledger rows
    # The year to date's months with figures, a year before (Span.months: those of them
    # with figures then), and its indicators: what the trend compares.
    compared: Span | None = None
    year_before: dict[str, Result] = field(default_factory=dict)
    # What the figures were computed from: the ledger lines read (once, for every span) and,
    # by column, their totals (ledger_flow_totals); a report's balance and transfers reuse them.
    lines: LedgerLines | None = None
    totals: dict[str, pd.DataFrame] = field(default_factory=dict)
    # The economic figures read with the lines (value added for the intensities).
    economic: EconomicFigures = field(default_factory=dict)

    @property
    def city_totals(self) -> bool:
        """The figures are the city's totals (万吨 in Chinese), not a park's."""
        return self.park is None

    @property
    def like_for_like(self) -> bool:
        """The year before has figures of every month the year to date has them of: the
        trends compare like with like (else there is none)."""
        return self.compared is not None and like_for_like(
            self.spans["year_to_date"], self.compared
        )


def indicator_spans(*, month: date, year: int | None) -> dict[str, Span]:
    """The month, the year to date and (unless `year` is None) a whole year."""
    spans = {"month": Span(month, month), "year_to_date": Span(month.replace(month=1), month)}
    if year is not None:
        spans["year"] = Span(date(year, 1, 1), date(year, 12, 1))
    return spans


def indicators_for(*, span: Span, park: Park | None) -> tuple[dict[str, Result], list[dict]]:
    """The indicators of one scope and span, and its identity check."""
    lines, figures = _figures_read([span], park)
    span.months = ledger_months_of(lines, period_from=span.period_from, period_to=span.period_to)
    results, totals = _span_indicators(lines, figures, span)
    return results, _identity(totals)


def _figures_read(spans: list[Span], park: Park | None) -> tuple[LedgerLines, EconomicFigures]:
    """One read of the scope's ledger lines of every span, and one of its economic figures
    from the first span's start to the last one's end."""
    enterprise_ids = None if park is None else park_enterprise_ids(park=park)
    lines = _ledger_lines(spans, enterprise_ids)
    figures = economic_output(
        since=min(span.period_from for span in spans),
        until=max(span.period_to for span in spans),
        enterprise_ids=enterprise_ids,
    )
    return lines, figures


def _ledger_lines(spans: list[Span], enterprise_ids: list[int] | None) -> LedgerLines:
    return ledger_flow_lines(
        spans=[(span.period_from, span.period_to) for span in spans], enterprise_ids=enterprise_ids
    )


def _span_indicators(
    lines: LedgerLines, figures: EconomicFigures, span: Span, *, months: list[date] | None = None
) -> tuple[dict[str, Result], pd.DataFrame]:
    """The indicators of one span (of its `months` only, if given) from lines and figures
    already read, and the totals behind them."""
    totals = ledger_flow_totals_of(
        lines, period_from=span.period_from, period_to=span.period_to, months=months
    )
    added = _value_added(span, totals, figures, months)
    return indicators_compute(totals, value_added=added), totals


def _a_year_before(
    lines: LedgerLines, figures: EconomicFigures, span: Span
) -> tuple[Span, dict[str, Result], pd.DataFrame]:
    """The months of `span` that hold figures, a year before (like for like: not the months
    it has none of yet), as a Span from the first of them to the last (the whole span a year
    before if there are none) whose `months` are those of them with figures then; its
    indicators and totals, from lines and figures already read."""
    wanted = [month_add(month, -12) for month in span.months]
    earlier = (
        Span(wanted[0], wanted[-1])
        if wanted
        else Span(month_add(span.period_from, -12), month_add(span.period_to, -12))
    )
    held = ledger_months_of(lines, period_from=earlier.period_from, period_to=earlier.period_to)
    earlier.months = [month for month in held if month in wanted]
    results, totals = _span_indicators(lines, figures, earlier, months=wanted)
    return earlier, results, totals


def like_for_like(span: Span, earlier: Span) -> bool:
    """Whether `earlier` (_a_year_before's) has figures of every month `span` has them of."""
    return span.has_data and len(earlier.months) == len(span.months)


def change_pct(value: float | None, before: float | None) -> float | None:
    """The change from `before` to `value` in percent, in full precision; None if either is
    missing or `before` is 0."""
    if value is None or not before:
        return None
    return 100 * (value - before) / before


def _identity(totals: pd.DataFrame) -> list[dict]:
    broken = identity_check(totals)
    return [
        {key: (round(value, 3) if isinstance(value, float) else value) for key, value in r.items()}
        for r in broken.to_dict("records")
    ]


def _value_added(
    span: Span, totals, figures: EconomicFigures, only: list[date] | None = None
) -> dict[int, float]:
    """Value added (万元) of the enterprises that reported it for every month of their ledger
    in the span (in its months `only`, if given)."""
    if totals.empty:
        return {}
    months = totals.groupby("enterprise_id")["months"].max().to_dict()
    sums: dict[int, float] = {}
    counts: dict[int, int] = {}
    for (enterprise_id, period), (_output, added) in figures.items():
        in_span = span.period_from <= period <= span.period_to and (only is None or period in only)
        if added is not None and in_span and enterprise_id in months:
            sums[enterprise_id] = sums.get(enterprise_id, 0.0) + added
            counts[enterprise_id] = counts.get(enterprise_id, 0) + 1
    return {e: sums[e] for e, needed in months.items() if counts.get(e, 0) >= needed}


def city_indicators(
    *, park: Park | None, month: date, year: int | None, history_months: int = 0
) -> CityIndicators:
    """Month, year to date and a whole `year` side by side (no whole year for None), each
    span with the months it has figures of, the targets of the month's year with the year to
    date's progress towards them, and each indicator's trend against the same months of the
    year before (those the year to date has figures of). The ledger is read once for all of
    them (the spans overlap: a read per span read the month up to four times), and for the
    `history_months` up to `month` too, for monthly_flows to reuse."""
    spans = indicator_spans(month=month, year=year)
    before = Span(month_add(spans["year_to_date"].period_from, -12), month_add(month, -12))
    read = [*spans.values(), before]
    if history_months:
        read.append(Span(month_add(month, -(history_months - 1)), month))
    lines, figures = _figures_read(read, park)
    by_column, totals = {}, {}
    for column, span in spans.items():
        span.months = ledger_months_of(
            lines, period_from=span.period_from, period_to=span.period_to
        )
        by_column[column], totals[column] = _span_indicators(lines, figures, span)
    identity = _identity(totals["year_to_date"])
    compared, previous, _totals = _a_year_before(lines, figures, spans["year_to_date"])
    comparable = like_for_like(spans["year_to_date"], compared)
    targets = {
        t.indicator: float(t.target)
        for t in IndicatorTarget.objects.filter(park=park, year=month.year)
    }
    rows = []
    for code, definition in DEFINITIONS.items():
        row = IndicatorRow(code, {column: by_column[column][code] for column in spans})
        current, earlier = row.results["year_to_date"].value, previous[code].value
        if comparable:
            row.trend_pct = change_pct(current, earlier)
        row.target = targets.get(code)
        if row.target is not None and current is not None:
            row.progress = _progress(current, row.target, definition.direction)
        rows.append(row)
    return CityIndicators(
        park=park,
        month=month,
        year=year,
        spans=spans,
        rows=rows,
        identity=identity,
        ledger_links={column: _ledger_link(span, park) for column, span in spans.items()},
        compared=compared,
        year_before=previous,
        lines=lines,
        totals=totals,
        economic=figures,
    )


def city_indicators_shown(*, park: Park | None, month: date, year: int | None) -> CityIndicators:
    """city_indicators as a page shows them, without what they were computed from (lines,
    totals, economic figures), reused while the data behind them is unchanged
    (figures_cached): reading and totalling a city's ledger takes seconds."""
    return figures_cached(
        "city_indicators",
        lambda: figures_light(city_indicators(park=park, month=month, year=year)),
        park=park.pk if park else None,
        month=month,
        year=year,
    )


def figures_light(indicators: CityIndicators) -> CityIndicators:
    """`indicators` without the lines, totals and economic figures behind it: what a page
    shows, small enough to keep in the cache."""
    return replace(indicators, lines=None, totals={}, economic={})


Figures = TypeVar("Figures")


def figures_cached(name: str, compute: Callable[[], Figures], **scope) -> Figures:
    """`compute()`: figures of a scope derived from the ledger, the manifests, the economic
    figures, the registry and the indicator targets, reused while none of those has changed.
    The key holds their versions (ledger_figures_version, economic_figures_version, the
    targets themselves) and the language of the labels, so that changed data is a new key
    and nothing needs invalidating; an unused entry expires after
    INDICATORS_CACHE_SECONDS (0: no cache)."""
    if not settings.INDICATORS_CACHE_SECONDS:
        return compute()
    targets = list(
        IndicatorTarget.objects.order_by("pk").values_list(
            "pk", "park_id", "year", "indicator", "target"
        )
    )
    versions = (ledger_figures_version(), economic_figures_version(), targets)
    identity = repr((name, sorted(scope.items()), versions, get_language()))
    key = f"indicators:{name}:{hashlib.sha256(identity.encode()).hexdigest()}"
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, settings.INDICATORS_CACHE_SECONDS)
    return found


def figures_warm(*, enterprise_ids: list[int]) -> None:
    """Compute into the cache (figures_cached) what the landing page and the Indicators page
    will ask for once these enterprises' figures changed, so that their first reader does not
    wait for it: the city's and the enterprises' parks' figures, of the month and year each
    page opens on, in every language of the portal (the key holds the language); the landing
    page computes its own on figures_warming. A scope whose figures are already there costs
    one lookup."""
    parks: list[Park | None] = [None, *parks_of_enterprises(ids=enterprise_ids)]
    for park in parks:
        month = indicator_month_shown(
            None, enterprise_ids=None if park is None else park_enterprise_ids(park=park)
        )
        year = indicator_year(None, month=month)
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                city_indicators_shown(park=park, month=month, year=year)
                figures_warming.send(sender=None, park=park, month=month)


@dataclass
class YearBefore:
    """The month and the year to date a year before a CityIndicators' own, by column."""

    results: dict[str, dict[str, Result]]  # "month", "year_to_date" → indicator → Result
    totals: dict[str, pd.DataFrame]
    spans: dict[str, Span]  # the months compared a year before, as _a_year_before gives them
    comparable: dict[str, bool]  # like_for_like: the year before has each of those months


def year_before(indicators: CityIndicators) -> YearBefore:
    """The months of `indicators`' month and year to date that hold figures, a year before,
    from the lines and figures it already read (its spans hold those months): a like-for-like
    comparison without reading the ledger again."""
    results, totals, spans, comparable = {}, {}, {}, {}
    for column in ("month", "year_to_date"):
        span = indicators.spans[column]
        spans[column], results[column], totals[column] = _a_year_before(
            indicators.lines, indicators.economic, span
        )
        comparable[column] = like_for_like(span, spans[column])
    return YearBefore(results, totals, spans, comparable)


def _progress(value: float, target: float, direction: str) -> float | None:
    """1 or more: reached. Higher is better: value ÷ target; lower: target ÷ value."""
    if direction == "higher":
        return value / target if target else None
    return target / value if value else 1.0


def _ledger_link(span: Span, park: Park | None) -> str:
    query = {"period_from": span.period_from.isoformat(), "period_to": span.period_to.isoformat()}
    if park is not None:
        query["park"] = park.code
    return f"{reverse('v1:ledger-entry-list')}?{urlencode(query)}"


def park_year_indicators(*, park: Park, year: int) -> tuple[dict[str, Result], str]:
    """A park's indicators over one calendar year, and the query of the ledger rows they were
    computed from: what a green-park evaluation derives its values from."""
    span = Span(date(year, 1, 1), date(year, 12, 1))
    results, _identity = indicators_for(span=span, park=park)
    return results, _ledger_link(span, park)


# The tonnes a summary shows, by name: attribute()'s terms, and the ledger's transfers out.
FLOW_TERMS = {
    "generated": "generated",
    "utilised": "U",
    "disposed": "D",
    "stored": "S",
    "transferred": "transferred_out",
}


def flow_tonnes(totals: pd.DataFrame) -> dict[str, dict[str, float] | None] | None:
    """Generated, utilised, disposed, stored and transferred tonnes of general and of hazardous
    waste (in full precision), from a span's totals as city_indicators read them
    (CityIndicators.totals), attributed as the indicators attribute them; None when no
    enterprise reported figures for the span, and None for a waste nobody reported."""
    if totals.empty:
        return None
    terms = attribute(totals)
    hazardous = terms["hazardous"].astype(bool)
    return {
        waste: None
        if frame.empty
        else {name: float(frame[column].sum()) for name, column in FLOW_TERMS.items()}
        for waste, frame in (("general", terms[~hazardous]), ("hazardous", terms[hazardous]))
    }


@dataclass
class MonthFlows:
    """One month of a scope's tonnes; None where no enterprise reported figures for it."""

    period: date
    generated_t: float | None
    utilised_t: float | None
    disposed_t: float | None
    stored_t: float | None


def monthly_flows(
    *, park: Park | None, month: date, months: int = 24, lines: LedgerLines | None = None
) -> list[MonthFlows]:
    """The `months` months up to `month`, oldest first: generated, and utilised (U), disposed
    of (D) and stored (S) attributed as the indicators attribute them (formulas.attribute:
    the generator's own share, transfers counted by their use), so that a trend drawn from
    them agrees with the rates of the summary. `lines`: already read for these months
    (city_indicators' with `history_months`), else read here, once for every month."""
    if lines is None:
        enterprise_ids = None if park is None else park_enterprise_ids(park=park)
        lines = _ledger_lines([Span(month_add(month, -(months - 1)), month)], enterprise_ids)
    flows = []
    for back in range(months - 1, -1, -1):
        period = month_add(month, -back)
        totals = ledger_flow_totals_of(lines, period_from=period, period_to=period)
        if totals.empty:
            flows.append(MonthFlows(period, None, None, None, None))
            continue
        terms = attribute(totals)
        flows.append(
            MonthFlows(
                period,
                *(round(float(terms[column].sum()), 3) for column in ("generated", "U", "D", "S")),
            )
        )
    return flows
