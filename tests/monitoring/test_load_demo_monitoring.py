from datetime import date

import pytest
from django.core.management import call_command
from django.utils import timezone

from monitoring.ledger.selectors import ledger_filings
from monitoring.models import LedgerEntry, Manifest, UploadBatch, WeighTicket
from parks.models import Enterprise


@pytest.fixture
def demo(db, settings, tmp_path, catalogue):
    settings.VAR_DIR = tmp_path
    call_command("load_demo", verbosity=0)


def test_it_loads_the_monitoring_data_once(demo, capsys):
    call_command("load_demo_monitoring")
    first = capsys.readouterr().out
    assert "7 ledger files ingested" in first
    assert set(UploadBatch.objects.values_list("status", flat=True)) == {"ingested"}
    counts = (LedgerEntry.objects.count(), WeighTicket.objects.count(), Manifest.objects.count())
    assert all(counts)
    assert Manifest.objects.filter(received_at__isnull=True).count() == 2  # staged overdue
    call_command("load_demo_monitoring")
    assert "0 ledger files ingested, 0 weigh tickets and 0 manifests added" in (
        capsys.readouterr().out
    )
    assert counts == (
        LedgerEntry.objects.count(),
        WeighTicket.objects.count(),
        Manifest.objects.count(),
    )


def test_it_needs_the_demo_accounts(db, catalogue):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="run load_demo first"):
        call_command("load_demo_monitoring")


def test_its_ledgers_carry_the_days_they_would_have_been_filed(demo, fixed_clock):
    """The filing status of a demo month is a mix of on time and late, not all filed at load."""
    call_command("load_demo_monitoring", verbosity=0)
    filed = ledger_filings(period=date(2026, 10, 1))
    assert len(filed) == Enterprise.objects.filter(park__isnull=False).count()
    days = [timezone.localdate(at) for at in filed.values()]
    assert all(day.year == 2026 and day.month == 11 and 3 <= day.day <= 25 for day in days)
    year = [
        timezone.localdate(at).day > 15
        for month in range(1, 11)
        for at in ledger_filings(period=date(2026, month, 1)).values()
    ]
    assert 0.02 < sum(year) / len(year) < 0.2  # a few filed late, most on time
