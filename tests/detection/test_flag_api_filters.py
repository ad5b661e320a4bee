"""The flags API filters as the portal's flag list does: one FilterSet for both."""

from datetime import date

import pytest

from detection.models import Flag

pytestmark = pytest.mark.django_db
URL = "/api/v1/flags/"


@pytest.fixture
def flags(flag_a, enterprise_b):
    Flag.objects.create(
        enterprise=enterprise_b,
        category=flag_a.category,
        period=date(2026, 9, 1),
        kind="stock_carry",
        severity=1,
        reasons=[],
        fingerprint="b",
        status=Flag.Status.DISMISSED,
    )
    return flag_a


def _enterprises(response) -> list[str]:
    assert response.status_code == 200, response.json()
    return [row["enterprise"] for row in response.json()["results"]]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"park": "PB"}, ["b"]),
        ({"enterprise": "甲企业"}, ["a"]),
        ({"period": "2026-10"}, ["a"]),
        ({"period": "2026-09-01"}, ["b"]),  # the month's first day, as the API took it before
        ({"status": "dismissed"}, ["b"]),
        ({"sort": "severity"}, ["b", "a"]),
        ({"sort": "-severity"}, ["a", "b"]),
    ],
)
def test_the_api_takes_the_portals_filters(api, regulator, flags, enterprise_b, params, expected):
    codes = {"a": flags.enterprise.credit_code, "b": enterprise_b.credit_code}
    api.force_authenticate(regulator)
    assert _enterprises(api.get(URL, params)) == [codes[key] for key in expected]


def test_a_park_the_caller_may_not_read_answers_400(api, operator_a, flags):
    api.force_authenticate(operator_a)
    assert api.get(URL, {"park": "PB"}).status_code == 400
    assert _enterprises(api.get(URL, {"park": "PA"})) == [flags.enterprise.credit_code]
