"""Who may read which scope's indicators: the city for city-wide roles, a park for those who
may read that park."""

import re
from datetime import date

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from monitoring.ledger.selectors import ledger_last_period
from parks.models import Park
from parks.selectors import park_list
from wastewatch.periods import month_add
from wastewatch.roles import User, reads_whole_city
from wastewatch.tabular import month_parse

SLUG = re.compile(r"^[-a-zA-Z0-9_]{1,32}$")


def indicator_scope(*, user: User, park_code: str | None) -> Park | None:
    """The park named (one the user may read), or None for the whole city."""
    if park_code:
        park = None
        if SLUG.match(park_code):
            park = park_list(user=user).filter(code=park_code).first()
        if park is None:
            raise Http404(_("No park %(code)s that you may read.") % {"code": park_code})
        return park
    if not reads_whole_city(user):
        raise PermissionDenied(_("City-wide indicators are for the bureau; choose your park."))
    return None


def indicator_year(value: str | None, *, month: date) -> int:
    """The whole year shown beside the month (default: the last complete year: the month's
    own year when it is December, else the year before)."""
    if not value:
        return month.year if month.month == 12 else month.year - 1
    if not value.isdigit() or not 2000 <= int(value) <= 2100:
        raise ValueError(_("Give a year from 2000 to 2100."))
    return int(value)


def indicator_month_shown(value: str | None, *, enterprise_ids: list[int] | None) -> date:
    """The month asked for (YYYY-MM), else the last month the scope (`enterprise_ids`, every
    enterprise for None) has ledger figures of, else the last month whose ledgers are due:
    what the indicators and the dashboard open on (the month before today often has no
    ledgers yet)."""
    if value:
        return indicator_month(value)
    return ledger_last_period(enterprise_ids=enterprise_ids) or indicator_month(None)


def indicator_month(value: str | None) -> date:
    """The month asked for (YYYY-MM), or the last month whose ledgers are due: the one before
    the current month."""
    if not value:
        return month_add(timezone.localdate(), -1)
    month = month_parse(value)
    if month is None:
        raise ValueError(_("Not a month: write it as 2026-10."))
    return month
