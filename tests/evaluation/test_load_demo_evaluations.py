"""The demo shows every Baotou park's evaluation for the last three years, with scores, ranks
and derived values that trace back to the ledger rows they came from."""

from io import StringIO

import pytest
from django.core.management import call_command

from evaluation.models import ParkEvaluation
from parks.models import Park

EVALUATIONS = "/api/v1/park-evaluations/"


@pytest.fixture
def demo(db, settings, tmp_path, catalogue):
    settings.VAR_DIR = tmp_path
    for command in (
        "load_indicator_catalogue",
        "load_demo",
        "load_demo_monitoring",
        "load_demo_evaluations",
    ):
        call_command(command, stdout=StringIO())


@pytest.mark.slow
def test_every_park_has_three_approved_years_ranked_and_traced(demo, api, regulator):
    parks = Park.objects.count()
    assert ParkEvaluation.objects.filter(status="approved").count() == 3 * parks
    api.force_authenticate(regulator)
    for year in (2023, 2024, 2025):
        ranking = api.get(EVALUATIONS + "ranking/", {"year": year}).json()
        rows = ranking["rows"] if isinstance(ranking, dict) else ranking
        assert sorted(row["rank"] for row in rows) == list(range(1, parks + 1))
    history = api.get(EVALUATIONS + "history/", {"park": "BT-STEEL"}).json()
    assert [column["year"] for column in history["columns"]] == [2023, 2024, 2025]
    evaluation = ParkEvaluation.objects.get(park__code="BT-STEEL", year=2025)
    derived = evaluation.values.get(indicator__number=6)
    assert derived.source == "derived" and derived.value is not None
    rows = api.get(derived.trace["ledger_entries"]).json()
    assert rows["count"] > 0
    assert {row["period"][:4] for row in rows["results"]} == {"2025"}
    out = StringIO()
    call_command("load_demo_evaluations", stdout=out)
    assert f"0 approved, {3 * parks} kept" in out.getvalue()
