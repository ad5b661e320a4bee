import pytest
from django.core.management import call_command

from monitoring.models import WasteCategory

pytestmark = pytest.mark.smoke


def test_it_loads_the_catalogue_once(db, capsys):
    call_command("load_reference_data")
    assert "63 created" in capsys.readouterr().out
    call_command("load_reference_data")
    assert "0 created, 0 updated, 63 unchanged" in capsys.readouterr().out
    assert WasteCategory.objects.count() == 63


def test_it_holds_the_46_hazardous_categories_of_2021(db):
    call_command("load_reference_data")
    hazardous = set(WasteCategory.objects.filter(is_hazardous=True).values_list("code", flat=True))
    expected = {f"HW{n:02d}" for n in range(1, 51)} - {"HW41", "HW42", "HW43", "HW44"}
    assert hazardous == expected
    assert WasteCategory.objects.get(code="HW48").name_zh == "有色金属采选和冶炼废物"
    assert not WasteCategory.objects.filter(code="SW08").exists()


def test_it_updates_a_changed_name(db, capsys):
    call_command("load_reference_data")
    WasteCategory.objects.filter(code="SW02").update(name_zh="旧名")
    call_command("load_reference_data")
    assert "1 updated" in capsys.readouterr().out
    assert WasteCategory.objects.get(code="SW02").name_zh == "粉煤灰"


def test_the_api_lists_the_catalogue(db, api, regulator):
    call_command("load_reference_data")
    api.force_authenticate(regulator)
    body = api.get("/api/v1/waste-categories/", {"is_hazardous": "false"}).json()
    assert len(body) == 17
    assert api.get("/api/v1/waste-categories/HW08/").json()["is_hazardous"] is True
