import json

import pytest
from django.core.management import call_command

from parks.models import Enterprise, Park
from parks.validators import validate_credit_code

pytestmark = pytest.mark.smoke


@pytest.fixture
def var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    return tmp_path


def test_it_loads_baotou_and_a_second_run_changes_nothing(db, var_dir, capsys):
    call_command("load_demo")
    assert Park.objects.count() == 7
    assert Enterprise.objects.count() == 41
    history_rows = sum(e.history.count() for e in Enterprise.objects.all())
    first_credentials = json.loads((var_dir / "demo-credentials.json").read_text())
    assert set(first_credentials) == {
        "admin",
        "regulator",
        "operator-eqp",
        "operator-steel",
        "enterprise",
    }

    call_command("load_demo")
    out = capsys.readouterr().out
    assert "parks 0 created, 0 updated; enterprises 0 created, 0 updated" in out
    assert sum(e.history.count() for e in Enterprise.objects.all()) == history_rows
    assert json.loads((var_dir / "demo-credentials.json").read_text()) == first_credentials
    assert first_credentials["regulator"] in out


def test_demo_enterprises_are_valid_and_one_is_flagged(db, var_dir):
    call_command("load_demo", "--no-users")
    for enterprise in Enterprise.objects.all():
        validate_credit_code(enterprise.credit_code)
    flagged = list(Enterprise.objects.filter(outside_park_boundary=True))
    assert len(flagged) == 1
    assert flagged[0].park.code == "BT-JY"
    assert Enterprise.objects.filter(park__code="BT-EQP").count() == 12
