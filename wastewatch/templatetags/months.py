"""A month in the portal's tables and titles as each language writes it: 2026-10 in English
(short, sortable, as the month inputs show it), 2026年10月 in Chinese."""

from datetime import date

from django import template
from django.utils.formats import date_format
from django.utils.translation import pgettext

register = template.Library()


@register.filter(name="month")
def month_filter(value: date | None) -> str:
    if value is None:
        return ""
    return date_format(value, pgettext("a month in a table, as a date format", "Y-m"))
