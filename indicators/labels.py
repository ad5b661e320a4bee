"""What a span of months is called on the pages and in the API, in the reader's language: the
months its figures cover, and how many of the span's months those are when some are missing,
so that a partial year is never labelled as a whole one."""

from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from indicators.services import Span


def month_label(month: date) -> str:
    """October 2026 / 2026年10月."""
    return date_format(month, "YEAR_MONTH_FORMAT")


def months_label(first: date, last: date) -> str:
    """The months from `first` to `last` of one year: October 2026, January–October 2026,
    2026 (a whole year) / 2026年10月, 2026年1—10月, 2026年."""
    if first == last:
        return month_label(first)
    if (first.month, last.month) == (1, 12):
        return year_label(first.year)
    # A month as a range of months names it: "F" (January) in English, "n" (1) in Chinese.
    month_format = pgettext("a month in a range of months, as a date format", "F")
    return _("%(first)s–%(last)s %(year)s") % {
        "first": date_format(first, month_format),
        "last": date_format(last, month_format),
        "year": first.year,
    }


def span_label(span: Span) -> str:
    """The months the span's figures cover, and "(10 of 12 months)" when they are not all of
    its months; the span itself when it has no figures at all."""
    if not span.months:
        return months_label(span.period_from, span.period_to)
    covered = months_label(span.months[0], span.months[-1])
    if span.complete:
        return covered
    return _("%(months)s (%(count)s of %(length)s months)") % {
        "months": covered,
        "count": len(span.months),
        "length": span.length,
    }


def year_label(year: int) -> str:
    """2025 / 2025年."""
    return pgettext("a whole year", "%(year)s") % {"year": year}
