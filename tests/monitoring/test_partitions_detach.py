"""Old months are detached (kept as tables to archive) or dropped, never inside the 5-year
retention period unless forced."""

from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import translation

from monitoring.models import LedgerEntry, WeighTicket
from monitoring.partitions import retention_start
from monitoring.services import weigh_ticket_batch_ingest
from tests.factories import weigh_ticket_payload as ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def old_ticket(point_a, catalogue) -> WeighTicket:
    """A ticket of March 2019, waiting in the DEFAULT partition."""
    result = weigh_ticket_batch_ingest(
        point=point_a, items=[ticket("2019", weighed_at="2019-03-05T10:00:00+08:00")]
    )
    assert result.accepted == 1
    return WeighTicket.objects.get(ticket_number="2019")


def _table_rows(name: str) -> int | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [name])
        if cursor.fetchone()[0] is None:
            return None
        cursor.execute(f"SELECT count(*) FROM {name}")
        return cursor.fetchone()[0]


def test_months_inside_retention_are_refused(old_ticket, ledger_city):
    kept_from = retention_start()
    with pytest.raises(CommandError, match=f"only months before {kept_from:%Y-%m} can be"):
        call_command("partitions_detach", "--before", "2026-03")
    assert LedgerEntry.objects.filter(period__lt=date(2026, 3, 1)).exists()
    assert WeighTicket.objects.filter(pk=old_ticket.pk).exists()


def test_the_refusal_reads_in_chinese(db):
    kept_from = retention_start()
    with translation.override("zh-hans"), pytest.raises(CommandError) as refused:
        call_command("partitions_detach", "--before", "2026-03")
    assert str(refused.value) == (
        f"{kept_from.year}年{kept_from.month}月及以后的月份在5年保存期内："
        f"只能分离{kept_from.year}年{kept_from.month}月以前的月份。"
    )


def test_old_months_are_detached_and_kept_as_tables(old_ticket, capsys):
    call_command("partitions_detach", "--before", "2020-01")

    assert not WeighTicket.objects.filter(pk=old_ticket.pk).exists()
    assert _table_rows("monitoring_weighticket_p2019_03") == 1
    assert "monitoring_weighticket_p2019_03" in capsys.readouterr().out


def test_drop_removes_them(old_ticket):
    call_command("partitions_detach", "--before", "2020-01", "--drop")

    assert not WeighTicket.objects.filter(pk=old_ticket.pk).exists()
    assert _table_rows("monitoring_weighticket_p2019_03") is None


def test_force_detaches_inside_retention(ledger_city):
    call_command("partitions_detach", "--before", "2026-02", "--force")

    assert not LedgerEntry.objects.filter(period=date(2026, 1, 1)).exists()
    assert LedgerEntry.objects.filter(period=date(2026, 2, 1)).exists()
    assert _table_rows("monitoring_ledgerentry_p2026_01") > 0


def test_a_month_that_is_not_one_is_refused(db):
    with pytest.raises(CommandError, match="not a month"):
        call_command("partitions_detach", "--before", "2020")
