"""Confirmation deadlines: 5 working days from the day of receipt (办法 第十八条) per China's
official calendar (holidays and their make-up working days), left empty rather than guessed
when the calendar lacks the year. A shipment with no confirmed receipt is overdue once the
time a transfer takes and those 5 working days have passed since shipping."""

from datetime import date, datetime
from decimal import Decimal
from io import StringIO
from unittest import mock
from zoneinfo import ZoneInfo

import chinese_calendar
import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from monitoring.manifests import (
    CalendarYearNotCovered,
    manifest_create,
    manifest_due_date,
    manifest_due_dates_refresh,
    manifest_figures,
    manifest_list,
    manifest_overdue_list,
    manifest_receipt_confirm,
    manifest_receipt_overdue_date,
)
from monitoring.models import Manifest, WasteCategory
from tests.factories import ManifestFactory

BEIJING = ZoneInfo("Asia/Shanghai")


def beijing(*args) -> datetime:
    return datetime(*args, tzinfo=BEIJING)


@pytest.mark.parametrize(
    ("received_at", "due"),
    [
        # Wednesday before National Day: holiday 1–7 October, Saturday the 10th is worked.
        (beijing(2026, 9, 30, 10, 0), date(2026, 10, 13)),
        # Friday before the holiday: 7 October is a holiday, the make-up Saturday counts.
        (beijing(2026, 10, 9, 16, 0), date(2026, 10, 15)),
        # Friday before Sunday 20 September, a make-up working day for National Day.
        (beijing(2026, 9, 18, 9, 0), date(2026, 9, 24)),
        # Ordinary weeks: a Thursday, and a Friday, Saturday and Sunday landing on a Friday.
        (beijing(2026, 11, 19, 9, 0), date(2026, 11, 26)),
        (beijing(2026, 11, 20, 9, 0), date(2026, 11, 27)),
        (beijing(2026, 11, 21, 9, 0), date(2026, 11, 27)),
        (beijing(2026, 11, 22, 23, 59), date(2026, 11, 27)),
        # The Beijing date counts: 17:00 UTC on Thursday is 01:00 on Friday in Baotou.
        (datetime(2026, 11, 19, 17, 0, tzinfo=ZoneInfo("UTC")), date(2026, 11, 27)),
    ],
    ids=["national-day", "make-up-saturday", "make-up-sunday", "thu", "fri", "sat", "sun", "utc"],
)
def test_it_counts_five_working_days_of_the_official_calendar(received_at, due):
    assert manifest_due_date(received_at=received_at) == due


def test_it_refuses_to_guess_a_year_the_calendar_does_not_cover():
    with pytest.raises(CalendarYearNotCovered) as missing:
        manifest_due_date(received_at=beijing(2031, 3, 3, 10, 0))
    assert missing.value.year == 2031
    assert missing.value.note == (
        "The official calendar has no data for 2031 yet; the deadline is not computed."
    )


@pytest.fixture
def in_2031():
    """The platform's clock in March 2031, when the installed calendar ends years before."""
    with mock.patch("django.utils.timezone.now", return_value=beijing(2031, 3, 5, 12, 0)):
        yield


def test_it_stores_no_deadline_when_the_calendar_lacks_the_year(
    in_2031, enterprise_user, staff_admin, enterprise_a, enterprise_b, catalogue
):
    manifest = manifest_create(
        actor=enterprise_user,
        number="20311502000001",
        generator=enterprise_a,
        receiver=enterprise_b,
        transporter_name="包头市危险货物运输有限公司",
        vehicle="蒙B12345",
        category=WasteCategory.objects.get(code="HW48"),
        waste_code="321-024-48",
        quantity_shipped_t=Decimal("3.000"),
        shipped_at=beijing(2031, 3, 3, 10, 0),
    )
    assert Manifest.objects.get(pk=manifest.pk).confirmation_due is None
    figures = manifest_figures(manifest=manifest, today=date(2031, 12, 31))
    assert figures.is_overdue is False
    assert figures.deadline_note == (
        "The official calendar has no data for 2031 yet; the deadline is not computed."
    )
    manifest_receipt_confirm(
        actor=staff_admin,
        manifest=manifest,
        quantity_received_t=Decimal("3"),
        received_at=beijing(2031, 3, 4, 10, 0),
    )
    manifest.refresh_from_db()
    assert manifest.confirmation_due is None
    figures = manifest_figures(manifest=manifest, today=date(2031, 12, 31))
    assert figures.is_late is False
    assert figures.deadline_note.startswith("The official calendar has no data for 2031")


def test_the_api_says_why_there_is_no_deadline(api, regulator):
    received = beijing(2031, 3, 3, 10, 0)
    manifest = ManifestFactory(shipped_at=received, received_at=received, quantity_received_t=3)
    assert manifest.confirmation_due is None
    api.force_authenticate(regulator)
    body = api.get(f"/api/v1/manifests/{manifest.number}/").json()
    assert body["confirmation_due"] is None
    assert body["is_late"] is False
    assert body["deadline_note"] == (
        "The official calendar has no data for 2031 yet; the deadline is not computed."
    )


def test_the_refresh_fills_deadlines_once_the_calendar_covers_the_year(db):
    monday = beijing(2031, 3, 3, 10, 0)
    waiting = ManifestFactory(shipped_at=monday, received_at=monday, quantity_received_t=3)
    known = ManifestFactory(received_at=beijing(2026, 9, 30, 16, 0), quantity_received_t=10)
    ManifestFactory(shipped_at=monday)  # unconfirmed: no deadline to fill
    result = manifest_due_dates_refresh()
    assert (result.filled, result.waiting, result.missing_years) == (0, 1, [2031])

    # A chinesecalendar release with the State Council's 2031 schedule (here: New Year only).
    with mock.patch.dict(chinese_calendar.constants.holidays, {date(2031, 1, 1): "New Year"}):
        result = manifest_due_dates_refresh()
        assert (result.filled, result.waiting) == (1, 0)
        assert manifest_due_dates_refresh().filled == 0  # nothing left to do
    waiting.refresh_from_db()
    assert waiting.confirmation_due == date(2031, 3, 10)
    assert Manifest.objects.get(pk=known.pk).confirmation_due == date(2026, 10, 13)


def test_the_deadline_counts_from_the_day_of_receipt_not_of_shipping(staff_admin):
    """Shipped on 30 September, arrived on 12 October: due 5 working days after arrival."""
    manifest = manifest_receipt_confirm(
        actor=staff_admin,
        manifest=ManifestFactory(),
        quantity_received_t=Decimal("10"),
        received_at=beijing(2026, 10, 12, 15, 0),
        confirmed_at=beijing(2026, 10, 16, 9, 0),
    )
    assert Manifest.objects.get(pk=manifest.pk).confirmation_due == date(2026, 10, 19)
    figures = manifest_figures(manifest=manifest, today=date(2026, 12, 1))
    assert (figures.is_late, figures.is_overdue) == (False, False)


def test_an_unconfirmed_manifest_has_no_deadline_and_is_not_overdue_in_transit(db):
    manifest = ManifestFactory()  # shipped 2026-09-30, nothing confirmed
    assert manifest.confirmation_due is None
    # Past the 5th working day after shipping (13 October): the waste may still be on the road.
    figures = manifest_figures(manifest=manifest, today=date(2026, 10, 14))
    assert (figures.is_overdue, figures.deadline_note) == (False, "")


def test_it_is_overdue_once_transit_and_confirmation_time_have_passed(db, settings):
    manifest = ManifestFactory()  # shipped 2026-09-30: 10 working days end on 20 October
    assert manifest_receipt_overdue_date(shipped_at=manifest.shipped_at) == date(2026, 10, 20)
    assert not manifest_figures(manifest=manifest, today=date(2026, 10, 20)).is_overdue
    assert manifest_figures(manifest=manifest, today=date(2026, 10, 21)).is_overdue
    settings.MANIFEST_TRANSIT_WORKING_DAYS = 1  # a city where every transfer arrives next day
    assert manifest_figures(manifest=manifest, today=date(2026, 10, 15)).is_overdue


@pytest.mark.parametrize("today", [date(2026, 10, 20), date(2026, 10, 21), date(2026, 11, 2)])
def test_the_overdue_filter_agrees_with_the_figures(regulator, today):
    shipped = [beijing(2026, 9, 29, 23, 0), beijing(2026, 9, 30, 10, 0), beijing(2026, 10, 9, 9, 0)]
    for moment in shipped:
        ManifestFactory(shipped_at=moment)
    with mock.patch("monitoring.manifests.local_today", return_value=today):
        listed = set(manifest_list(user=regulator, filters={"status": "overdue"}))
    expected = {
        m for m in Manifest.objects.all() if manifest_figures(manifest=m, today=today).is_overdue
    }
    assert listed == expected
    assert set(manifest_overdue_list(today=today)) == expected


@pytest.mark.parametrize(
    ("confirmed_at", "late"),
    [(beijing(2026, 10, 19, 23, 30), False), (beijing(2026, 10, 20, 0, 30), True)],
    ids=["on-the-due-date", "the-day-after"],
)
def test_a_confirmation_after_the_due_date_is_late(staff_admin, confirmed_at, late):
    """Received on 12 October (due the 19th): the confirmation's own day is what counts."""
    manifest = manifest_receipt_confirm(
        actor=staff_admin,
        manifest=ManifestFactory(),
        quantity_received_t=Decimal("10"),
        received_at=beijing(2026, 10, 12, 15, 0),
        confirmed_at=confirmed_at,
    )
    figures = manifest_figures(manifest=manifest, today=date(2026, 12, 1))
    assert figures.is_late is late
    assert figures.is_overdue is False  # confirmed: never overdue


def test_a_confirmation_is_not_before_the_receipt(staff_admin):
    with pytest.raises(ValidationError) as refused:
        manifest_receipt_confirm(
            actor=staff_admin,
            manifest=ManifestFactory(),
            quantity_received_t=Decimal("10"),
            received_at=beijing(2026, 10, 12, 15, 0),
            confirmed_at=beijing(2026, 10, 12, 14, 0),
        )
    assert list(refused.value.message_dict) == ["received_at"]


def test_a_receipt_confirmed_now_is_stamped_now(staff_admin):
    manifest = manifest_receipt_confirm(
        actor=staff_admin,
        manifest=ManifestFactory(),
        quantity_received_t=Decimal("10"),
        received_at=beijing(2026, 10, 12, 15, 0),
    )
    assert Manifest.objects.get(pk=manifest.pk).confirmed_at is not None
    assert manifest_figures(manifest=manifest).is_late  # confirmed in December: late


def test_the_command_fills_deadlines_and_lists_overdue_manifests(staff_admin):
    overdue = ManifestFactory(number="20261502000001")
    done = ManifestFactory(number="20261502000002")
    manifest_receipt_confirm(
        actor=staff_admin,
        manifest=done,
        quantity_received_t=Decimal("10"),
        received_at=beijing(2026, 10, 9, 10, 0),
    )
    monday = beijing(2031, 3, 3, 10, 0)
    ManifestFactory(
        number="20311502000003", shipped_at=monday, received_at=monday, quantity_received_t=3
    )
    out = StringIO()
    call_command("refresh_manifest_deadlines", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "Deadlines: 0 filled, 1 still waiting for the official calendar."
    assert lines[1] == "The installed chinesecalendar has no data for: 2031."
    assert lines[2].endswith(": 1.")
    assert lines[3].startswith("20261502000001  shipped 2026-09-30  ")
    assert overdue.generator.credit_code in lines[3]
    assert len(lines) == 4
