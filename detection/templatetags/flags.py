"""Figures on the flags' pages written as the reasons write them."""

from django import template

from detection.kinds import check_info
from detection.reasons import tonnes

register = template.Library()


@register.filter(name="tonnes")
def tonnes_filter(value: float) -> str:
    """Tonnes to 3 decimals with thousands separators (the unit is the column's)."""
    return tonnes(value)


@register.filter(name="check_name")
def check_name_filter(kind: str) -> str:
    """A flag's check in words (never its internal code)."""
    return str(check_info(kind).name)
