"""How the indicators' figures read on a page: rounded once, here, to the places their
definition gives (the API rounds the same way, wastewatch.numbers), grouped by thousands in
either language, every percentage with its sign where it is a change, and the months a span
covers."""

from django import template
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _

from indicators import labels
from indicators.services import Span
from wastewatch.numbers import in_unit, round_half_up, signed, unit_name, unit_shown

register = template.Library()


@register.filter
def figure(value: float | None, decimals: int) -> str:
    """1,234.568: `value` to `decimals` places, grouped by thousands."""
    if value is None:
        return ""
    return floatformat(value, f"{decimals}g")


@register.simple_tag
def quantity(value: float | None, code: str, decimals: int, city: bool = False) -> str:
    """A figure of unit `code` as `figure` shows it, in the unit the `unit` filter names for
    it: the city's tonnes (city) in 万吨 to 2 places on a Chinese page, 63.42."""
    return figure(*in_unit(value, unit_shown(code, city=bool(city)), decimals))


@register.filter
def percent(value: float | None, decimals: int = 1) -> str:
    """95.1 % (95.1% in Chinese, which puts no space before it)."""
    if value is None:
        return ""
    return _("%(number)s %%") % {"number": floatformat(value, f"{decimals}g")}


@register.filter
def change(value: float | None) -> str:
    """+3.3 % or −3.3 % (one minus sign), to one place: a change against a year before."""
    if value is None:
        return ""
    sign, size = signed(value, 1)
    return f"{sign}{percent(size)}"


@register.filter
def of_target(progress: float | None) -> str:
    """A progress towards a target (a fraction, 1 reached) as the API rounds it, in percent."""
    if progress is None:
        return ""
    return percent(round_half_up(progress, 3) * 100)


@register.filter
def unit(code: str, city: bool = False) -> str:
    """The unit in the reader's language: t / 吨, t/10k yuan / 吨/万元; the city's tonnes
    (city) 万吨 in Chinese."""
    return unit_name(unit_shown(code, city=bool(city)))


@register.filter
def headed(label: str, code: str) -> str:
    """A column's heading with its unit: Generated (t) / 产生量（万吨）."""
    return _("%(label)s (%(unit)s)") % {"label": label, "unit": unit_name(code)}


@register.filter
def span_label(span: Span | None) -> str:
    """The months the span's figures cover: "January–October 2026 (10 of 12 months)"."""
    return "" if span is None else labels.span_label(span)


@register.filter
def month_label(month) -> str:
    """October 2026 / 2026年10月."""
    return labels.month_label(month)


@register.filter
def year_label(year: int) -> str:
    """2025 / 2025年."""
    return labels.year_label(year)
