"""A derived value's trace reads in words, in the reader's language: the formula and each
term with its name and unit, on the evaluation page and in the API, never the keys the
figures are stored under (`utilised_t`)."""

import re
from html import unescape

import pytest

EVALUATIONS = "/api/v1/park-evaluations/"


@pytest.fixture
def derived(api, operator_a, edition, ledger_city) -> int:
    api.force_authenticate(operator_a)
    created = api.post(EVALUATIONS, {"park": "PA", "year": 2026}, format="json").json()
    assert api.post(f"{EVALUATIONS}{created['id']}/derive/").status_code == 200
    return created["id"]


def test_the_page_shows_the_trace_in_chinese(client, operator_a, derived):
    client.force_login(operator_a)
    response = client.get(f"/evaluations/{derived}/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    html = unescape(response.content.decode())
    six = re.search(r'<tr id="indicator-6".*?</tr>', html, re.DOTALL).group(0)
    assert "综合利用量 ÷（产生量 + 综合利用往年贮存量）× 100" in six
    assert "综合利用量 1,460.000 吨" in six and "产生量 1,800.000 吨" in six
    twenty_one = re.search(r'<tr id="indicator-21".*?</tr>', html, re.DOTALL).group(0)
    assert "（综合利用量 + 处置量）÷（产生量 + 利用处置往年贮存量）× 100" in twenty_one
    assert "_t" not in re.sub(r"<[^>]+>", "", six + twenty_one)


def test_the_api_explains_the_trace_in_the_readers_language(api, derived):
    values = api.get(f"{EVALUATIONS}{derived}/", HTTP_ACCEPT_LANGUAGE="zh-hans").json()["values"]
    six = next(value for value in values if value["indicator"] == 6)
    assert six["explanation"]["formula"] == "综合利用量 ÷（产生量 + 综合利用往年贮存量）× 100"
    assert six["explanation"]["terms"][0] == {
        "key": "utilised_t",
        "name": "综合利用量",
        "value": 1460.0,
        "unit": "吨",
    }
    english = api.get(f"{EVALUATIONS}{derived}/", HTTP_ACCEPT_LANGUAGE="en").json()["values"]
    six = next(value for value in english if value["indicator"] == 6)
    assert [term["name"] for term in six["explanation"]["terms"]] == [
        "Quantity utilised",
        "Quantity generated",
        "Prior years' stock utilised",
    ]
    entered = api.patch(
        f"{EVALUATIONS}{derived}/values/", [{"indicator": 1, "value": "3"}], format="json"
    ).json()["values"]
    assert next(value for value in entered if value["indicator"] == 1)["explanation"] is None
