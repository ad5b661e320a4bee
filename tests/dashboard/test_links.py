"""Every number of the dashboard links to the list behind it, with its filters."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from detection.models import Flag
from evaluation.models import ParkEvaluation
from evaluation.selectors import edition_default
from tests.factories import ManifestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def flags(flag_a, enterprise_b):
    Flag.objects.create(
        enterprise=enterprise_b,
        category=flag_a.category,
        period=date(2026, 10, 1),
        kind="stock_carry",
        severity=1,
        reasons=[],
        fingerprint="y",
    )
    return flag_a


def test_the_open_flags_link_to_the_filtered_flag_list(client, regulator, flags):
    client.force_login(regulator)
    client.cookies["django_language"] = "en"
    response = client.get("/", {"period": "2026-10"})
    summary = response.context["summary"]
    assert (summary.open_flags.count, summary.open_flags.link) == (2, "/flags/?status=open")
    severities = [(str(c.label), c.count, c.link) for c in summary.flags_by_severity]
    assert severities == [
        ("High", 1, "/flags/?status=open&severity=3"),
        ("Medium", 0, "/flags/?status=open&severity=2"),
        ("Low", 1, "/flags/?status=open&severity=1"),
    ]
    by_kind = {str(counter.label): counter for counter in summary.flags_by_kind}
    measured = by_kind["Weighed vs reported"]
    assert (measured.count, measured.link) == (1, "/flags/?status=open&kind=measured_vs_reported")
    page = response.content.decode()
    assert 'href="/flags/?status=open&amp;kind=stock_carry"' in page
    assert "Stock not carried over" in page


def test_an_operators_links_carry_its_park(client, operator_a, flags):
    client.force_login(operator_a)
    summary = client.get("/", {"period": "2026-10"}).context["summary"]
    assert summary.open_flags.count == 1  # B's flag is not A's operator's
    assert summary.open_flags.link == "/flags/?status=open&park=PA"
    links = [counter.link for counter in summary.alerts]
    assert links == [
        "/filing/?period=2026-10&park=PA&status=overdue",
        "/manifests/?status=overdue&park=PA",
        "/devices/?silent=2026-10&park=PA",
        "/evaluations/?status=submitted&park=PA",
    ]


def test_the_overdue_counts_are_the_lists_behind_them(
    client, regulator, enterprise_a, enterprise_b, point_a, fixed_clock
):
    ManifestFactory(generator=enterprise_a, receiver=enterprise_b)  # shipped 30 Sep, unconfirmed
    call_command("load_indicator_catalogue", stdout=StringIO())
    ParkEvaluation.objects.create(
        park=enterprise_a.park,
        year=2025,
        edition=edition_default(),
        status=ParkEvaluation.Status.SUBMITTED,
    )
    client.force_login(regulator)
    summary = client.get("/", {"period": "2026-10"}).context["summary"]
    counts = [counter.count for counter in summary.alerts]
    # Neither enterprise filed October by 15 November; A's weighbridge weighed nothing.
    assert counts == [2, 1, 1, 1]
    for counter in summary.alerts:
        assert client.get(counter.link).status_code == 200
