"""weighbridge_series: a weighbridge's daily tonnes and tickets judged against its own past by
the streaming detector, flagged per enterprise, waste and month with the day, the value and
the usual level, and never on a month device_quality already flags."""

import random
from datetime import date, timedelta

import pytest
from django.utils import translation

from detection.models import Flag
from detection.reasons import reason_text
from detection.services import flags_score
from monitoring.services import weigh_ticket_batch_ingest
from tests.detection.test_checks_devices import entry, ticket
from tests.detection.test_detection_devices import at

# A year of weighing before October 2026: a series is judged once it has a year behind it.
FIRST, LAST = date(2025, 9, 1), date(2026, 10, 30)
SURGE = (date(2026, 10, 12), date(2026, 10, 16))  # a working week of October
OCT = date(2026, 10, 1)


def working_week_days(first: date, last: date):
    day = first
    while day <= last:
        if day.weekday() < 5:
            yield day
        day += timedelta(days=1)


def daily_loads(*, surge: int = 1, one_a_day_from: date = LAST, category="SW01") -> list[dict]:
    """Three to five loads of 22–28 t each weekday, `surge` times as many in the SURGE week,
    one a day from `one_a_day_from`; every load a different weight (no run of identical
    readings)."""
    rng = random.Random(7)
    items = []
    for day in working_week_days(FIRST, LAST):
        count = rng.randint(3, 5)
        if SURGE[0] <= day <= SURGE[1]:
            count *= surge
        if day >= one_a_day_from:
            count = 1
        for n in range(count):
            gross = f"{15.340 + rng.uniform(22, 28):.3f}"
            hour, minute = divmod(7 * 60 + n * 40, 60)
            items.append(
                ticket(
                    f"{day:%Y%m%d}{n:02d}", at(day, hour, minute), category=category, gross=gross
                )
            )
    return items


@pytest.fixture
def push(point_a, catalogue):
    def push(items: list[dict]) -> None:
        for start in range(0, len(items), 1000):
            result = weigh_ticket_batch_ingest(point=point_a, items=items[start : start + 1000])
            assert not result.rejected, result.rejected

    return push


def flags(kind: str = "weighbridge_series") -> list[Flag]:
    flags_score(since=date(2026, 1, 1), rules=[kind], today=date(2026, 11, 1))
    return list(Flag.objects.filter(kind=kind).exclude(status=Flag.Status.CLEARED))


def test_a_steady_weighbridge_raises_nothing(push):
    push(daily_loads())
    assert flags() == []


def test_a_weighbridge_weighing_three_times_its_usual_is_flagged_with_the_day_and_levels(push):
    push(daily_loads(surge=3))
    [flag] = flags()
    assert (flag.period, flag.category.code, flag.waste_code) == (OCT, "SW01", "")
    [reason, *_others] = flag.reasons
    assert reason["code"] == "weighbridge_series"
    assert reason["point"] == "wb-a"
    assert SURGE[0] <= date.fromisoformat(reason["day"]) <= SURGE[1]
    assert float(reason["value"].replace(",", "")) > 2 * float(reason["expected"])
    with translation.override("en"):
        text = reason_text(reason)
    assert text.startswith("Weighbridge wb-a ") and reason["day"] in text
    assert "the median of the previous 20" in text
    with translation.override("zh-hans"):
        assert "前 20 个工作日的中位数" in reason_text(reason)
    again = flags_score(
        since=date(2026, 1, 1), rules=["weighbridge_series"], today=date(2026, 11, 1)
    )
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)


def test_a_weighbridge_weighing_a_fraction_of_its_usual_is_flagged_while_waste_is_reported_leaving(
    push, enterprise_a
):
    push(daily_loads(one_a_day_from=SURGE[0]))
    # Nothing reported leaving in October: the plant wound down, its weighbridge with it.
    assert flags() == []
    entry(enterprise_a, "SW01", OCT, "transferred_out", "2400")
    [flag] = flags()
    assert (flag.period, flag.category.code) == (OCT, "SW01")
    assert {reason["day"] for reason in flag.reasons} <= {
        f"{day:%Y-%m-%d}" for day in working_week_days(*SURGE)
    }


def test_a_month_device_quality_flags_is_not_flagged_again(push, enterprise_a):
    # Silent from 12 October while the waste is reported leaving: device_quality flags the
    # silence, which says more.
    push([item for item in daily_loads() if item["ticket_number"] < "20261012"])
    entry(enterprise_a, "SW01", OCT, "transferred_out", "1800")
    assert [flag.period for flag in flags("device_quality")] == [OCT]
    assert flags() == []
