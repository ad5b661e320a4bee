"""The charts' y axis is named by the server, in the reader's language (static/js/charts.js
draws `unit` as it comes): t on English pages, 吨 on Chinese ones."""

import json
import re

import pytest


def _chart(html: str, chart_id: str) -> dict:
    found = re.search(
        rf'<script id="{chart_id}" type="application/json">(.*?)</script>', html, re.S
    )
    assert found, chart_id
    return json.loads(found.group(1))


@pytest.mark.parametrize(("language", "unit"), [("en", "t"), ("zh-hans", "吨")])
def test_the_flag_and_enterprise_charts_name_their_unit_in_the_readers_language(
    client, regulator, flag_a, enterprise_a, point_a, language, unit
):
    client.force_login(regulator)
    flag = client.get(f"/flags/{flag_a.pk}/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert _chart(flag, "flag-evidence-chart")["unit"] == unit
    page = client.get(
        f"/enterprises/{enterprise_a.credit_code}/", HTTP_ACCEPT_LANGUAGE=language
    ).content.decode()
    assert _chart(page, "weighed-chart")["unit"] == unit
    assert _chart(page, "weighbridge-net")["unit"] == unit
