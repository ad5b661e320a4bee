"""The reminder list: a CSV of the enterprises late or not filing a month, with formula text
neutralised so that a spreadsheet never runs a name as a formula."""

import csv
import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.factories import EnterpriseFactory, ledger_months

pytestmark = pytest.mark.django_db

BEIJING = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def enterprises(catalogue, park_a, park_b):
    on_time = EnterpriseFactory(park=park_a, name="按时企业")
    late = EnterpriseFactory(park=park_a, name='=HYPERLINK("http://example.com","点此")')
    missing = EnterpriseFactory(park=park_b, name="未报企业")
    for enterprise, day in ((on_time, 2), (late, 20)):
        with time_machine.travel(datetime(2026, 11, day, 9, tzinfo=BEIJING), tick=False):
            ledger_months(enterprise, [date(2026, 10, 1)], [{"generated": 5.0}])
    return {"on_time": on_time, "late": late, "missing": missing}


def rows_of(response) -> list[list[str]]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_it_lists_those_late_or_not_filed(client, regulator, enterprises, fixed_clock):
    client.force_login(regulator)
    client.cookies["django_language"] = "en"
    response = client.get("/filing/reminders.csv", {"period": "2026-10"})
    assert 'filename="ledger-reminders-2026-10.csv"' in response["Content-Disposition"]
    header, *rows = rows_of(response)
    assert header[:2] == ["Park", "Enterprise"]
    late, missing = enterprises["late"], enterprises["missing"]
    assert [row[1:] for row in rows] == [
        [
            "'" + late.name,  # neutralised: read as text, never as a formula
            late.credit_code,
            "2026-10",
            "2026-11-15",
            "Filed late",
            "2026-11-20 09:00",
        ],
        [missing.name, missing.credit_code, "2026-10", "2026-11-15", "Not filed", ""],
    ]


def test_it_keeps_the_pages_park_filter(client, regulator, enterprises, fixed_clock):
    client.force_login(regulator)
    page = client.get("/filing/", {"period": "2026-10", "park": "PB"}).content.decode()
    assert 'href="/filing/reminders.csv?period=2026-10&amp;park=PB"' in page
    response = client.get("/filing/reminders.csv", {"period": "2026-10", "park": "PB"})
    assert 'filename="ledger-reminders-2026-10-PB.csv"' in response["Content-Disposition"]
    assert [row[2] for row in rows_of(response)[1:]] == [enterprises["missing"].credit_code]
