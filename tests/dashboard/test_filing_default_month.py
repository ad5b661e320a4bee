"""The filing page opens on the latest month whose ledgers are due: the month before today
once its due day (the 15th) has passed, else the month before that, so that "not filed"
there means overdue."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("today", "month"),
    [
        (datetime(2026, 12, 3, 10, 0), date(2026, 10, 1)),
        (datetime(2026, 12, 15, 23, 59), date(2026, 10, 1)),  # the due day itself
        (datetime(2026, 12, 16, 0, 1), date(2026, 11, 1)),
        (datetime(2027, 1, 10, 9, 0), date(2026, 11, 1)),  # across the year
        (datetime(2027, 1, 16, 9, 0), date(2026, 12, 1)),
    ],
)
def test_the_default_month_is_the_last_one_due(client, regulator, enterprise_a, today, month):
    with time_machine.travel(today.replace(tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        client.force_login(regulator)
        response = client.get("/filing/")
    assert response.context["period"] == month
    (row,) = response.context["rows"]
    assert row.overdue  # enterprise A filed nothing: once due, it is overdue


def test_a_month_asked_for_is_shown_as_it_is(client, regulator, enterprise_a, fixed_clock):
    client.force_login(regulator)
    response = client.get("/filing/", {"period": "2026-11"})
    assert response.context["period"] == date(2026, 11, 1)
    assert [row.overdue for row in response.context["rows"]] == [False]
