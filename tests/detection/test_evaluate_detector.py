"""evaluate_detector: a synthetic city through ingestion and detection, measured, and rolled
back so that nothing is left behind."""

import json

import pytest
from django.core.management import call_command

from detection.models import Detector, Flag
from monitoring.models import LedgerEntry, UploadBatch, WeighTicket

pytestmark = pytest.mark.slow


def test_it_measures_and_leaves_nothing_behind(db, catalogue, tmp_path, settings, capsys):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command(
        "evaluate_detector",
        "--seeds",
        "5",
        "--months",
        "14",
        "--enterprises",
        "16",
        "--json",
        str(tmp_path / "figures.json"),
    )
    out = capsys.readouterr().out
    assert "overall F1" in out and "false-positive rate" in out
    [figures] = json.loads((tmp_path / "figures.json").read_text())
    assert 0 <= figures["precision"] <= 1 and 0 <= figures["recall"] <= 1
    assert figures["per_kind"]
    for model in (LedgerEntry, UploadBatch, WeighTicket, Flag, Detector):
        assert not model.objects.exists()
    assert not list((tmp_path / "media").rglob("*.joblib"))
