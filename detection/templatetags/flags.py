"""Figures on the flags' pages written as the reasons write them."""

from django import template

from detection.reasons import tonnes

register = template.Library()


@register.filter(name="tonnes")
def tonnes_filter(value: float) -> str:
    """Tonnes to 3 decimals with thousands separators (the unit is the column's)."""
    return tonnes(value)
