import pytest
from django.core.management import call_command

from monitoring.models import LedgerEntry, Manifest, UploadBatch, WeighTicket


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
