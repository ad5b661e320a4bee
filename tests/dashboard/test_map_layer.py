"""The city map's enterprise layer: the enterprises the reader may see, each with its open
flags (high severity counted apart), in a fixed number of queries."""

import gzip
import json
from datetime import date

import pytest

from detection.models import Flag
from monitoring.models import WasteCategory
from tests.factories import EnterpriseFactory, ledger_months

URL = "/map/enterprises/"


def _flag(enterprise, *, period: date, severity: int, status: str = Flag.Status.OPEN) -> Flag:
    return Flag.objects.create(
        enterprise=enterprise,
        category=WasteCategory.objects.get(code="SW01"),
        period=period,
        kind="measured_vs_reported",
        severity=severity,
        status=status,
        fingerprint=f"{period}",
    )


def _by_code(response) -> dict:
    assert response.status_code == 200
    return {feature["id"]: feature for feature in response.json()["features"]}


@pytest.fixture
def flagged(enterprise_a, enterprise_b, catalogue):
    _flag(enterprise_a, period=date(2026, 8, 1), severity=Flag.Severity.HIGH)
    _flag(enterprise_a, period=date(2026, 9, 1), severity=Flag.Severity.LOW)
    _flag(
        enterprise_a,
        period=date(2026, 10, 1),
        severity=Flag.Severity.HIGH,
        status=Flag.Status.DISMISSED,
    )
    _flag(enterprise_b, period=date(2026, 9, 1), severity=Flag.Severity.MEDIUM)
    _flag(
        enterprise_b,
        period=date(2026, 10, 1),
        severity=Flag.Severity.MEDIUM,
        status=Flag.Status.CONFIRMED,
    )


def test_the_regulator_sees_every_enterprise_with_its_open_flags(
    client, regulator, enterprise_a, enterprise_b, park_a, flagged
):
    quiet = EnterpriseFactory(park=park_a, name="丙企业")
    client.force_login(regulator)
    features = _by_code(client.get(URL))
    assert set(features) == {enterprise_a.credit_code, enterprise_b.credit_code, quiet.credit_code}
    a = features[enterprise_a.credit_code]
    assert a["properties"]["open_flags"] == 2 and a["properties"]["high_flags"] == 1
    b = features[enterprise_b.credit_code]["properties"]
    assert (b["open_flags"], b["high_flags"]) == (1, 0)
    q = features[quiet.credit_code]["properties"]
    assert (q["open_flags"], q["high_flags"]) == (0, 0)
    assert a["geometry"]["coordinates"] == pytest.approx(
        [enterprise_a.location.x, enterprise_a.location.y]
    )
    assert a["properties"]["name"] == "甲企业有限公司"
    assert a["properties"]["park"] == "PA"
    assert a["properties"]["industry_code"] == enterprise_a.industry_code


def test_what_every_enterprise_would_repeat_is_said_once(
    client, regulator, enterprise_a, enterprise_b
):
    client.force_login(regulator)
    layer = client.get(URL).json()
    assert layer["parks"] == {
        "PA": {"name": "甲园区", "name_en": "Park A"},
        "PB": {"name": enterprise_b.park.name, "name_en": enterprise_b.park.name_en},
    }
    page = layer["enterprise_url"].replace("CREDIT_CODE", enterprise_a.credit_code)
    assert page == f"/enterprises/{enterprise_a.credit_code}/"
    assert client.get(page).status_code == 200
    point = layer["features"][0]["geometry"]["coordinates"]
    assert all(round(value, 6) == value for value in point)


def test_an_operator_sees_only_their_parks_enterprises_and_flags(
    client, operator_a, enterprise_a, enterprise_b, flagged
):
    client.force_login(operator_a)
    assert set(_by_code(client.get(URL))) == {enterprise_a.credit_code}
    assert _by_code(client.get(URL, {"park": "PB"})) == {}


def test_an_enterprise_user_sees_their_own_enterprise(
    client, enterprise_user, enterprise_a, enterprise_b, flagged
):
    client.force_login(enterprise_user)
    assert set(_by_code(client.get(URL))) == {enterprise_a.credit_code}


def test_a_park_filter_narrows_the_layer_and_its_counts(
    client, regulator, enterprise_a, enterprise_b, flagged
):
    client.force_login(regulator)
    features = _by_code(client.get(URL, {"park": "PB"}))
    assert set(features) == {enterprise_b.credit_code}
    assert features[enterprise_b.credit_code]["properties"]["open_flags"] == 1


def test_the_layer_reads_any_number_of_enterprises_in_the_same_queries(
    client, regulator, park_a, park_b, catalogue, django_assert_num_queries
):
    client.force_login(regulator)
    for index in range(2):
        _flag(EnterpriseFactory(park=park_a), period=date(2026, 9, 1), severity=index + 2)
    # The session, the user, their role, the enterprises, the flag counts.
    with django_assert_num_queries(5):
        assert len(client.get(URL).json()["features"]) == 2
    for index in range(20):
        _flag(EnterpriseFactory(park=park_b), period=date(2026, 9, 1), severity=1 + index % 3)
    with django_assert_num_queries(5):
        features = client.get(URL).json()["features"]
    assert len(features) == 22
    assert sum(feature["properties"]["open_flags"] for feature in features) == 22


def test_anonymous_readers_are_sent_to_log_in(client, enterprise_a):
    response = client.get(URL)
    assert response.status_code == 302 and response.url.startswith("/login/")


def test_an_enterprises_popup_reads_its_last_ledger_month_in_the_readers_language(
    client, regulator, enterprise_a, catalogue, django_assert_max_num_queries
):
    ledger_months(
        enterprise_a,
        [date(2026, 9, 1), date(2026, 10, 1)],
        [{"generated": 10.0}, {"generated": 12.0}],
    )
    client.force_login(regulator)
    url = f"{URL}{enterprise_a.credit_code}/"
    with django_assert_max_num_queries(5):  # session, user, role, enterprise, ledger
        summary = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").json()
    assert summary == {"last_ledger_month": "2026-10", "last_ledger_month_label": "2026年10月"}
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").json()
    assert english["last_ledger_month_label"] == "October 2026"


def test_a_popup_without_a_ledger_says_so_and_outside_the_scope_finds_nothing(
    client, operator_a, enterprise_a, enterprise_b
):
    client.force_login(operator_a)
    assert client.get(f"{URL}{enterprise_a.credit_code}/").json() == {
        "last_ledger_month": None,
        "last_ledger_month_label": None,
    }
    assert client.get(f"{URL}{enterprise_b.credit_code}/").status_code == 404


def test_the_layer_is_compressed_for_a_browser_that_accepts_it(client, regulator, enterprise_a):
    client.force_login(regulator)
    response = client.get(URL, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    layer = json.loads(gzip.decompress(response.content))
    assert [feature["id"] for feature in layer["features"]] == [enterprise_a.credit_code]
    assert "Content-Encoding" not in client.get(URL)
