"""Months as the platform counts them: a period is the first day of its month."""

from datetime import date


def month_add(day: date, months: int) -> date:
    """The first day of the month `months` after (or before, if negative) `day`'s month."""
    number = day.year * 12 + day.month - 1 + months
    return date(number // 12, number % 12 + 1, 1)
