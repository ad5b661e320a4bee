import pytest
from django.core.management import call_command

from detection.models import Detector, Flag


@pytest.fixture
def demo(db, settings, tmp_path, catalogue):
    settings.VAR_DIR = tmp_path
    call_command("load_demo", verbosity=0)
    call_command("load_demo_monitoring", verbosity=0)


@pytest.mark.slow
def test_it_trains_and_scores_the_demo_once(demo, capsys):
    call_command("load_demo_detection")
    assert "detector trained" in capsys.readouterr().out
    flags = Flag.objects.count()
    assert flags and Detector.objects.count() == 1
    call_command("load_demo_detection")
    assert "detector unchanged; 0 new flags" in capsys.readouterr().out
    assert Flag.objects.count() == flags and Detector.objects.count() == 1


def test_it_does_nothing_without_ledgers(db, capsys):
    call_command("load_demo_detection")
    assert "detector unchanged; 0 new flags" in capsys.readouterr().out
