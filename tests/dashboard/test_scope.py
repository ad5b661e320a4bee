"""An operator's dashboard is its park's (the park's indicators, its flags and filings); an
enterprise user's is its enterprise's; nobody reads figures outside their scope."""

from datetime import date

import pytest

from indicators.services import city_indicators
from tests.factories import EnterpriseMembershipFactory, ParkMembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_an_operator_sees_its_parks_figures_only(client, operator_a, park_a, ledger_city):
    client.force_login(operator_a)
    response = client.get("/", {"period": "2026-02"})
    summary = response.context["summary"]
    assert summary.scope.park == park_a
    assert [park.code for park in summary.scope.parks] == ["PA"]
    park = city_indicators(park=park_a, month=date(2026, 2, 1), year=None)
    assert [row.month.value for row in summary.indicators] == [
        row.results["month"].value for row in park.rows
    ]
    # Park A generated 800 t of general waste in February (G1); B1's 100 t are not counted.
    assert summary.tonnes[0].month.value == 800.0
    filing = client.get("/filing/", {"period": "2026-02"}).context["rows"]
    assert {row.enterprise.name for row in filing} == {"G1", "R1"}


def test_an_operator_asking_for_another_park_gets_404(client, operator_a, park_b, ledger_city):
    client.force_login(operator_a)
    assert client.get("/", {"park": "PB"}).status_code == 404
    assert client.get("/filing/", {"park": "PB"}).status_code == 404
    assert client.get("/filing/reminders.csv", {"park": "PB"}).status_code == 404


def test_an_operator_of_two_parks_chooses_between_them(client, park_a, park_b, ledger_city):
    user = UserFactory(username="olga")
    for park in (park_a, park_b):
        ParkMembershipFactory(user=user, park=park)
    client.force_login(user)
    summary = client.get("/", {"park": "PB", "period": "2026-02"}).context["summary"]
    assert summary.scope.park == park_b
    assert summary.tonnes[0].month.value == 100.0  # B1's own


def test_an_enterprise_user_sees_its_enterprise_only(client, ledger_city, flag_a):
    user = UserFactory(username="gina")
    EnterpriseMembershipFactory(user=user, enterprise=ledger_city["G1"])
    client.force_login(user)
    summary = client.get("/", {"period": "2026-02"}).context["summary"]
    assert summary.scope.enterprise_ids == [ledger_city["G1"].pk]
    assert summary.report is None and summary.tonnes == []  # no park or city figures
    assert summary.open_flags.count == 0  # the flag is enterprise A's, not G1's
    filing = client.get("/filing/", {"period": "2026-02"}).context["rows"]
    assert [row.enterprise.name for row in filing] == ["G1"]
