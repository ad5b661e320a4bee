"""Months as the platform counts them: a period is the first day of its month."""

from datetime import date

from django.conf import settings


def month_add(day: date, months: int) -> date:
    """The first day of the month `months` after (or before, if negative) `day`'s month."""
    number = day.year * 12 + day.month - 1 + months
    return date(number // 12, number % 12 + 1, 1)


def ledger_due(period: date) -> date:
    """The day a month's ledger is due: the `report_due_day` (15th) of the next month."""
    due_day = int(float(settings.DETECTION_THRESHOLDS["report_due_day"]))
    return month_add(period, 1).replace(day=due_day)
