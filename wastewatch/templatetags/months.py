"""A month in the portal's tables and titles as each language writes it (periods.month_text):
2026-10 in English, 2026年10月 in Chinese."""

from datetime import date

from django import template

from wastewatch.periods import month_text

register = template.Library()


@register.filter(name="month")
def month_filter(value: date | None) -> str:
    return month_text(value)
