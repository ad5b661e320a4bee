"""A month's ledger is filed on time by the 15th of the next month (Beijing days), late after
it, or not at all; the page is filtered by park and status."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.factories import EnterpriseFactory, ledger_months

pytestmark = pytest.mark.django_db

BEIJING = ZoneInfo("Asia/Shanghai")
OCTOBER = date(2026, 10, 1)


def filed(enterprise, moment: datetime) -> None:
    with time_machine.travel(moment, tick=False):
        ledger_months(enterprise, [OCTOBER], [{"generated": 10.0, "closing_stock": 10.0}])


@pytest.fixture
def filings(catalogue, park_a, park_b):
    on_time = EnterpriseFactory(park=park_a, name="按时")
    late = EnterpriseFactory(park=park_a, name="逾期")
    missing = EnterpriseFactory(park=park_b, name="未报")
    outside = EnterpriseFactory(park=None, name="园区外", location="SRID=4326;POINT(110 40.6)")
    filed(outside, datetime(2026, 12, 1, 9, 0, tzinfo=BEIJING))  # not in a park: not listed
    filed(on_time, datetime(2026, 11, 15, 23, 59, tzinfo=BEIJING))  # the last minute of the 15th
    filed(late, datetime(2026, 11, 16, 0, 1, tzinfo=BEIJING))
    return {"on_time": on_time, "late": late, "missing": missing}


def statuses(response) -> dict[str, tuple[str, bool]]:
    return {row.enterprise.name: (row.status, row.overdue) for row in response.context["rows"]}


def test_the_15th_is_the_last_day_on_time(client, regulator, filings, fixed_clock):
    client.force_login(regulator)
    response = client.get("/filing/", {"period": "2026-10"})
    assert response.status_code == 200
    assert statuses(response) == {
        "按时": ("on_time", False),
        "逾期": ("late", False),
        "未报": ("missing", True),
    }


def test_before_the_due_day_a_missing_ledger_is_not_overdue(client, regulator, filings):
    client.force_login(regulator)
    with time_machine.travel(datetime(2026, 11, 15, 12, 0, tzinfo=BEIJING), tick=False):
        response = client.get("/filing/", {"period": "2026-10"})
        assert statuses(response)["未报"] == ("missing", False)
        assert response.context["due"] == date(2026, 11, 15)


def test_it_filters_by_park_and_status(client, regulator, filings, fixed_clock):
    client.force_login(regulator)
    by_park = client.get("/filing/", {"period": "2026-10", "park": "PA"})
    assert set(statuses(by_park)) == {"按时", "逾期"}
    late = client.get("/filing/", {"period": "2026-10", "status": "late"})
    assert set(statuses(late)) == {"逾期"}
    page = late.content.decode()
    assert 'id="count-on_time">1<' in page and 'id="count-missing">1<' in page
