"""Every number of the dashboard links to the list behind it, with its filters."""

import uuid
from datetime import date, datetime
from decimal import Decimal
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils.html import escape

from detection.models import Flag
from evaluation.models import ParkEvaluation
from evaluation.selectors import edition_default
from monitoring.models import LedgerEntry, WeighTicket
from tests.factories import EnterpriseFactory, ManifestFactory, MonitoringPointFactory

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


def _listed(response) -> int:
    """How many rows the list behind a link shows, over all its pages."""
    assert response.status_code == 200
    context = response.context
    if "page" in context:
        return context["page"].paginator.count
    if "evaluations" in context:
        return len(context["evaluations"])
    return len(context["rows"])


def _counters(summary) -> list:
    return [
        summary.open_flags,
        *summary.flags_by_severity,
        *summary.flags_by_kind,
        *summary.alerts,
    ]


@pytest.fixture
def city(flags, enterprise_a, enterprise_b, point_a, fixed_clock):
    """Open and closed flags, overdue and confirmed manifests, silent and busy weighbridges,
    enterprises that filed October and some that did not, in both parks."""
    Flag.objects.create(
        enterprise=enterprise_a,
        category=flags.category,
        period=date(2026, 9, 1),
        kind="stock_carry",
        severity=2,
        reasons=[],
        fingerprint="dismissed",
        status=Flag.Status.DISMISSED,
    )
    ManifestFactory(generator=enterprise_a, receiver=enterprise_b)  # overdue, both parks
    ManifestFactory(generator=enterprise_b, receiver=enterprise_b)  # overdue, park B only
    ManifestFactory(generator=enterprise_a, receiver=enterprise_a)  # overdue, park A only
    ManifestFactory(
        generator=enterprise_a,
        receiver=enterprise_b,
        received_at=datetime(2026, 10, 2, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai")),
    )
    busy = MonitoringPointFactory(enterprise=enterprise_b, code="busy")
    MonitoringPointFactory(enterprise=enterprise_b, code="quiet")
    MonitoringPointFactory(enterprise=enterprise_b, code="yard", kind="storage_yard")
    WeighTicket.objects.create(
        point=busy,
        ticket_number="T1",
        weighed_at=datetime(2026, 10, 9, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai")),
        category=flags.category,
        direction=WeighTicket.Direction.OUT,
        gross_t=Decimal("30"),
        tare_t=Decimal("10"),
        net_t=Decimal("20"),
        ingest_id=uuid.uuid4(),
    )
    filed = EnterpriseFactory(park=enterprise_b.park, name="按时企业")
    LedgerEntry.objects.create(
        enterprise=filed,
        category=flags.category,
        period=date(2026, 10, 1),
        flow=LedgerEntry.Flow.GENERATED,
        quantity_t=Decimal("1"),
        source=LedgerEntry.Source.API,
        created_at=datetime(2026, 11, 10, tzinfo=ZoneInfo("Asia/Shanghai")),
    )
    call_command("load_indicator_catalogue", stdout=StringIO())
    for park in (enterprise_a.park, enterprise_b.park):
        ParkEvaluation.objects.create(
            park=park, year=2025, edition=edition_default(), status="submitted"
        )


@pytest.mark.parametrize("who", ["regulator", "operator_a", "operator_b", "enterprise_user"])
def test_every_number_is_the_count_of_the_list_it_links_to(client, request, city, who):
    client.force_login(request.getfixturevalue(who))
    # November's ledgers are not due until 15 December: none is overdue yet.
    for params in (
        {"period": "2026-10"},
        {"period": "2026-10", "park": "PB"},
        {"period": "2026-11", "park": "PB"},
    ):
        response = client.get("/", params)
        if response.status_code == 404:  # a park this reader may not choose
            continue
        summary = response.context["summary"]
        page = response.content.decode()
        for counter in _counters(summary):
            assert f'href="{escape(counter.link)}"' in page
            shown = _listed(client.get(counter.link))
            assert (str(counter.label), shown) == (str(counter.label), counter.count), (
                who,
                params,
                counter.link,
            )


def test_the_figures_are_not_all_zero(client, regulator, city):
    """The comparison above compares something: each kind of figure counts rows here."""
    client.force_login(regulator)
    summary = client.get("/", {"period": "2026-10"}).context["summary"]
    assert summary.open_flags.count == 2
    assert [counter.count for counter in summary.alerts] == [2, 3, 2, 2]
