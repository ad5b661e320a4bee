"""Scoring uses the newest detector it can trust, or skips the model and says so: it never
trains (training is the monthly job's, outside any scoring transaction)."""

from datetime import date

from django.core.management import call_command

from detection.model import detector_train
from detection.models import Detector, Flag
from detection.services import flags_score
from tests.detection.test_detector import history  # noqa: F401  (the fixture)


def test_it_skips_the_model_with_an_untrusted_detector_and_keeps_its_flags(history):  # noqa: F811
    detector, _ = detector_train(since=date(2026, 1, 1), until=date(2026, 10, 1))
    flags_score(since=date(2026, 10, 1), rules=["model"])
    assert Flag.objects.filter(kind="model", status="open").count() == 1
    Detector.objects.filter(pk=detector.pk).update(sklearn_version="0.0.1")

    result = flags_score(since=date(2026, 10, 1), rules=["model"])

    assert Detector.objects.count() == 1  # not retrained inside the scoring
    assert "train_detector" in result.skipped["model"]
    assert result.cleared == 0
    assert Flag.objects.get(kind="model").status == "open"  # kept, not cleared


def test_it_uses_an_older_detector_it_can_trust(history):  # noqa: F811
    older, _ = detector_train(since=date(2026, 1, 1), until=date(2026, 10, 1))
    newer, _ = detector_train(since=date(2026, 1, 1), until=date(2026, 9, 1))
    Detector.objects.filter(pk=newer.pk).update(artifact_sha256="0" * 64)

    result = flags_score(since=date(2026, 10, 1), rules=["model"])

    assert not result.skipped
    assert Flag.objects.get(kind="model").detector_id == older.pk
    assert Detector.objects.count() == 2


def test_it_says_the_model_was_skipped_before_any_training(history, capsys):  # noqa: F811
    call_command("score_flags", "--since", "2026-10-01")
    out = capsys.readouterr().out
    assert "model" in out and "train_detector" in out
    assert not Detector.objects.exists()
