"""Reporting flags: a month's ledger is due by the 15th of the next month. Missing months and
late ledgers are flagged, but joining the platform is neither late nor missing the past."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils import timezone, translation

from detection.models import Flag
from detection.reasons import reason_text
from detection.services import flags_score
from monitoring.ledger.services import ledger_upload_process, upload_batch_create
from monitoring.ledger.synthetic import ledger_csv, ledger_rows
from monitoring.models import UploadBatch

BEIJING = ZoneInfo("Asia/Shanghai")
SINCE = date(2025, 7, 1)


@pytest.fixture
def clock(monkeypatch):
    """Set the platform's clock to a Beijing time: uploads are stamped with it, and it is
    "today" for the deadlines."""

    def set_to(moment: datetime) -> None:
        moment = moment.replace(tzinfo=BEIJING)
        monkeypatch.setattr(timezone, "now", lambda: moment)

    return set_to


@pytest.fixture
def upload(enterprise_a, operator_a, catalogue, clock):
    """upload(moment, months…): A's balanced slag ledger of those months, in one file through
    the real upload path, received at that moment."""
    rows = list(
        ledger_rows(
            enterprises=[enterprise_a.credit_code],
            categories=["SW01"],
            months=12,
            until=date(2026, 6, 1),
        )
    )

    def send(moment: datetime, *months: str) -> None:
        clock(moment)
        data = ledger_csv(row for row in rows if row[1] in months)
        batch, _created = upload_batch_create(actor=operator_a, name="ledger.csv", data=data)
        ledger_upload_process(batch_id=batch.pk)
        batch.refresh_from_db()
        assert batch.status == UploadBatch.Status.INGESTED, (batch.message, batch.errors)

    return send


def score():
    return flags_score(since=SINCE, rules=["reporting"])


def text(flag: Flag) -> str:
    with translation.override("en"):
        return reason_text(flag.reasons[0])


def test_onboarding_backfill_is_not_late_then_a_month_not_reported_is_missing_then_late(
    upload, clock
):
    upload(datetime(2026, 5, 2, 10), "2026-01", "2026-02", "2026-03", "2026-04")
    call_command("score_flags", "--since", f"{SINCE}", "--rule", "reporting", verbosity=0)
    # January to March arrived after their deadlines, but with A's first upload; 2025 came
    # before A's first report of slag; April is due on 15 May.
    assert not Flag.objects.exists()

    clock(datetime(2026, 6, 20, 9))  # May was due by 15 June
    assert score().created == 1
    flag = Flag.objects.get()
    assert (flag.kind, flag.period, flag.severity) == ("reporting", date(2026, 5, 1), 2)
    assert text(flag) == "No ledger for 2026-05 of this waste: it was due by 2026-06-15."

    upload(datetime(2026, 6, 20, 9), "2026-05")  # A has reported since 2 May: late
    assert score().updated == 1
    flag.refresh_from_db()
    assert (flag.status, flag.severity) == ("open", 1)
    assert flag.reasons == [
        {
            "code": "late_report",
            "period": "2026-05",
            "due": "2026-06-15",
            "received": "2026-06-20",
            "days_late": 5,
        }
    ]
    assert text(flag) == (
        "The ledger for 2026-05 arrived on 2026-06-20, 5 days after its due date 2026-06-15."
    )


def test_a_month_left_out_of_a_backfill_is_missing_and_filling_it_clears_the_flag(upload):
    upload(datetime(2026, 5, 2, 10), "2026-01", "2026-02", "2026-04")
    score()
    flag = Flag.objects.get()
    assert (flag.period, flag.reasons[0]["code"]) == (date(2026, 3, 1), "missing_month")
    assert text(flag) == "No ledger for 2026-03 of this waste: it was due by 2026-04-15."

    upload(datetime(2026, 5, 3, 10), "2026-03")  # still onboarding: A joined after 15 April
    assert score().cleared == 1
    flag.refresh_from_db()
    assert flag.status == "cleared"


def test_a_gap_before_its_deadline_is_missing_until_filled(upload):
    upload(datetime(2026, 2, 10, 10), "2026-01")
    upload(datetime(2026, 3, 5, 10), "2026-03")  # the current month, February skipped
    score()
    flag = Flag.objects.get()
    assert flag.period == date(2026, 2, 1)
    assert text(flag) == (
        "No ledger for 2026-02 of this waste, although later months are reported: "
        "it is due by 2026-03-15."
    )
    upload(datetime(2026, 3, 10, 10), "2026-02")
    assert score().cleared == 1


@pytest.mark.parametrize(
    ("received", "late"),
    [
        # February is due by 15 March, Beijing time (15:30 and 16:30 UTC on the 15th).
        (datetime(2026, 3, 15, 23, 30), None),
        (datetime(2026, 3, 16, 0, 30), (1, 1, "1 day after its due date 2026-03-15.")),
        (datetime(2026, 3, 30, 18), (15, 1, "15 days after its due date 2026-03-15.")),
        (datetime(2026, 3, 31, 8), (16, 2, "16 days after its due date 2026-03-15.")),
        (datetime(2026, 5, 2, 10), (48, 2, "48 days after its due date 2026-03-15.")),
    ],
)
def test_days_late_count_beijing_days_from_the_due_date(upload, received, late):
    upload(datetime(2026, 2, 10, 10), "2026-01")
    upload(received, "2026-02")
    score()
    flags = list(Flag.objects.filter(period=date(2026, 2, 1)))
    if late is None:
        assert flags == []
        return
    days_late, severity, ending = late
    [flag] = flags
    assert (flag.reasons[0]["days_late"], flag.severity) == (days_late, severity)
    assert text(flag) == f"The ledger for 2026-02 arrived on {received:%Y-%m-%d}, {ending}"
