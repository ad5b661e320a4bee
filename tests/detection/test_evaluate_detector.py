"""evaluate_detector: a synthetic city through ingestion and detection, measured, and rolled
back so that nothing is left behind."""

import json
from io import StringIO

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
    assert "overall F1" in out and "clean cells flagged" in out and "precision at top 50" in out
    [figures] = json.loads((tmp_path / "figures.json").read_text())
    assert 0 <= figures["precision"] <= 1 and 0 <= figures["recall"] <= 1
    assert figures["per_kind"] and figures["per_check"]
    assert figures["generator"] == "baotou" and 0 <= figures["precision_at_50"] <= 1
    for model in (LedgerEntry, UploadBatch, WeighTicket, Flag, Detector):
        assert not model.objects.exists()
    assert not list((tmp_path / "media").rglob("*.joblib"))


def test_it_measures_the_independent_city_per_waste_code(db, catalogue, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    path = tmp_path / "figures.json"
    call_command(
        "evaluate_detector",
        "--generator",
        "independent",
        "--seeds",
        "3",
        "--months",
        "8",
        "--enterprises",
        "14",
        "--json",
        str(path),
        stdout=StringIO(),
    )
    [figures] = json.loads(path.read_text())
    assert figures["generator"] == "independent" and figures["per_kind"]
    assert not Flag.objects.exists() and not LedgerEntry.objects.exists()
