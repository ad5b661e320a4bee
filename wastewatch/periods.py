"""Months as the platform counts them: a period is the first day of its month."""

from datetime import date

from django.conf import settings
from django.utils.formats import date_format
from django.utils.translation import pgettext


def month_add(day: date, months: int) -> date:
    """The first day of the month `months` after (or before, if negative) `day`'s month."""
    number = day.year * 12 + day.month - 1 + months
    return date(number // 12, number % 12 + 1, 1)


def ledger_due(period: date) -> date:
    """The day a month's ledger is due: the `report_due_day` (15th) of the next month."""
    due_day = int(float(settings.DETECTION_THRESHOLDS["report_due_day"]))
    return month_add(period, 1).replace(day=due_day)


def month_text(value: date | None) -> str:
    """A month as the active language writes it in tables, titles and sentences: 2026-10 in
    English (short, sortable, as the month inputs show it), 2026年10月 in Chinese."""
    if value is None:
        return ""
    return date_format(value, pgettext("a month in a table, as a date format", "Y-m"))
