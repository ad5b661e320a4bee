"""The dashboard and the filing page read the demo city in a fixed number of queries, however
many enterprises, flags and ledger lines it holds (no query per row)."""

import pytest
from django.core.management import call_command

from parks.models import Enterprise, Park
from tests.factories import ParkMembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_city(settings, tmp_path, catalogue):
    settings.VAR_DIR = tmp_path
    call_command("load_demo", verbosity=0)  # its admin loads the ledgers
    call_command("load_demo_monitoring", verbosity=0)


def test_the_pages_read_the_demo_city_in_few_queries(
    client, regulator, demo_city, django_assert_max_num_queries
):
    client.force_login(regulator)
    with django_assert_max_num_queries(21):
        response = client.get("/")
    summary = response.context["summary"]
    assert summary.has_data and len(summary.trend_rows) == 24
    with django_assert_max_num_queries(6):
        response = client.get("/filing/", {"period": f"{summary.month:%Y-%m}"})
    assert len(response.context["rows"]) == Enterprise.objects.filter(park__isnull=False).count()
    with django_assert_max_num_queries(5):
        client.get("/filing/reminders.csv", {"period": f"{summary.month:%Y-%m}"})
    # An operator's scope adds the park and its enterprises, read for each span's figures.
    operator = ParkMembershipFactory(park=Park.objects.get(code="BT-EQP")).user
    client.force_login(operator)
    with django_assert_max_num_queries(30):
        response = client.get("/")
    assert response.context["summary"].scope.park.code == "BT-EQP"
