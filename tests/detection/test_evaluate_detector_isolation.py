"""evaluate_detector never touches a live city: it refuses a database that holds one (naming
what it found), and writes its files to a temporary folder, never to MEDIA_ROOT."""

import pytest
from django.core.management import CommandError, call_command

from detection.models import Flag
from tests.factories import MonitoringPointFactory


def test_it_refuses_a_database_with_a_city_and_names_what_it_found(
    flag_a, enterprise_b, catalogue, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    MonitoringPointFactory(enterprise=flag_a.enterprise)
    before = list(Flag.objects.values_list("pk", "status", "fingerprint", "updated_at"))
    with pytest.raises(CommandError) as refused:
        call_command("evaluate_detector", "--seeds", "5", "--months", "13", "--enterprises", "12")
    message = str(refused.value)
    assert "empty database" in message
    for found in ("parks: 2", "enterprises: 2", "monitoring points: 1", "flags: 1"):
        assert found in message, message
    assert "DATABASE_URL" in message  # how to run it instead
    assert list(Flag.objects.values_list("pk", "status", "fingerprint", "updated_at")) == before
    assert not (tmp_path / "media").exists()


@pytest.mark.slow
def test_it_writes_no_file_into_media_root(db, catalogue, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("evaluate_detector", "--seeds", "5", "--months", "13", "--enterprises", "12")
    assert not list((tmp_path / "media").rglob("*"))  # neither ledger files nor artefacts
