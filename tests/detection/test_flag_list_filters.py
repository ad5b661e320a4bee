"""The flags list: filtered by park, waste, month, check, severity and status, sorted by
period or severity, paged with the filters kept; checks and enterprises named in words."""

import re
from datetime import date

import pytest

from detection.models import Flag
from monitoring.models import WasteCategory
from wastewatch.periods import month_add


def _flag(enterprise, period, kind="measured_vs_reported", severity=2, code="SW01", **fields):
    return Flag.objects.create(
        enterprise=enterprise,
        category=WasteCategory.objects.get(code=code),
        period=period,
        kind=kind,
        severity=severity,
        reasons=[],
        fingerprint="f",
        **fields,
    )


@pytest.fixture
def flags(enterprise_a, enterprise_b, catalogue):
    return {
        "a_oct": _flag(enterprise_a, date(2026, 10, 1), severity=3),
        "a_sep": _flag(enterprise_a, date(2026, 9, 1), kind="stock_carry", severity=1),
        "a_hw": _flag(enterprise_a, date(2026, 8, 1), kind="manifest_late", code="HW08"),
        "b_oct": _flag(enterprise_b, date(2026, 10, 1), kind="model", severity=1),
        "b_done": _flag(enterprise_b, date(2026, 7, 1), status="dismissed"),
    }


def _listed(client, **params) -> list[int]:
    page = client.get("/flags/", params).content.decode()
    return [int(pk) for pk in re.findall(r'href="/flags/(\d+)/"', page)]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["a_oct", "b_oct", "a_sep", "a_hw"]),  # open ones, newest and most severe first
        ({"park": "PB"}, ["b_oct"]),
        ({"category": "HW08"}, ["a_hw"]),
        ({"period": "2026-10"}, ["a_oct", "b_oct"]),
        ({"kind": "stock_carry"}, ["a_sep"]),
        ({"severity": "1"}, ["b_oct", "a_sep"]),
        ({"status": "dismissed"}, ["b_done"]),
        ({"status": ""}, ["a_oct", "b_oct", "a_sep", "a_hw", "b_done"]),
        ({"sort": "severity"}, ["b_oct", "a_sep", "a_hw", "a_oct"]),
        ({"sort": "period"}, ["a_hw", "a_sep", "a_oct", "b_oct"]),
        ({"sort": "-severity", "park": "PA"}, ["a_oct", "a_hw", "a_sep"]),
    ],
)
def test_the_list_filters_and_sorts(client, regulator, flags, params, expected):
    client.force_login(regulator)
    assert _listed(client, **params) == [flags[name].pk for name in expected]


def test_an_operator_lists_only_their_parks_flags(client, operator_a, flags):
    client.force_login(operator_a)
    assert set(_listed(client, status="")) == {flags[n].pk for n in ("a_oct", "a_sep", "a_hw")}
    page = client.get("/flags/").content.decode()
    assert 'value="PB"' not in page  # other parks are not offered


def test_the_list_names_the_check_and_the_enterprise(client, regulator, flags):
    client.force_login(regulator)
    page = client.get("/flags/").content.decode()
    assert "Weighed vs reported" in page and "Unusual for the model" in page
    assert "甲企业有限公司" in page and "乙企业有限公司" in page
    assert "measured_vs_reported</" not in page and ">model<" not in page


def test_the_list_is_paged_and_its_links_keep_the_filters(
    client, regulator, enterprise_a, catalogue, django_assert_max_num_queries
):
    for n in range(60):
        _flag(enterprise_a, month_add(date(2026, 10, 1), -n), severity=2)
    client.force_login(regulator)
    with django_assert_max_num_queries(8):
        page = client.get("/flags/", {"severity": "2", "sort": "period"}).content.decode()
    assert len(re.findall(r'href="/flags/(\d+)/"', page)) == 50
    assert "Page 1 of 2" in page
    assert 'href="?severity=2&amp;sort=period&amp;status=open&amp;page=2"' in page
    second = client.get("/flags/", {"severity": "2", "sort": "period", "page": "2"})
    listed = re.findall(r'href="/flags/(\d+)/"', second.content.decode())
    assert len(listed) == 10
    newest = Flag.objects.get(period=date(2026, 10, 1))
    assert int(listed[-1]) == newest.pk
