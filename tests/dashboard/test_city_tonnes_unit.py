"""The landing page's city totals read in 万吨 on a Chinese page (value ÷ 10,000, to 2
places), in tonnes on an English one; a park's stay in tonnes (吨) in both. The trend's chart
takes its unit, translated, from the server, and the table below it the same unit."""

import json
import re

import pytest

from tests.pages import CHINESE, ENGLISH, page_html

pytestmark = pytest.mark.django_db


def _page(client, query: str, headers: dict) -> str:
    return page_html(client, f"/?{query}", **headers)


def _row(html: str, label: str) -> tuple[str, str]:
    """The unit and the month's figure of a row of the figures table."""
    found = re.search(
        rf'<th scope="row">{re.escape(label)}</th><td>([^<]*)</td>'
        r'\s*<td class="number">([^<]*)</td>',
        html,
    )
    assert found, label
    return found.group(1), found.group(2)


def _trend(html: str) -> dict:
    return json.loads(
        re.search(
            r'<script id="trend-data" type="application/json">(.*?)</script>', html, re.S
        ).group(1)
    )


def test_the_citys_tonnes_read_in_wan_tonnes_in_chinese(client, regulator, ledger_city):
    client.force_login(regulator)
    html = _page(client, "period=2026-01", CHINESE)
    # G1 1,000 t and B1 100 t of general waste generated in January: 0.11 万吨
    assert _row(html, "一般工业固体废物 · 产生量") == ("万吨", "0.11")
    trend = _trend(html)
    assert trend["unit"] == "万吨"
    generated = trend["series"][0]["values"][trend["categories"].index("2026-01")]
    assert generated == 0.11  # 1,120 t with G1's 20 t of hazardous waste
    assert "产生量（万吨）" in html and '<td class="number">0.11</td>' in html


def test_the_citys_tonnes_stay_in_tonnes_in_english(client, regulator, ledger_city):
    client.force_login(regulator)
    html = _page(client, "period=2026-01", ENGLISH)
    assert _row(html, "General industrial solid waste · Generated") == ("t", "1,100.000")
    trend = _trend(html)
    assert trend["unit"] == "t"
    assert trend["series"][0]["values"][trend["categories"].index("2026-01")] == 1120.0
    assert "Generated (t)" in html


def test_a_parks_tonnes_stay_in_tonnes_in_chinese(client, regulator, ledger_city):
    client.force_login(regulator)
    html = _page(client, "period=2026-01&park=PA", CHINESE)
    assert _row(html, "一般工业固体废物 · 产生量") == ("吨", "1,000.000")
    assert _trend(html)["unit"] == "吨"
    assert "产生量（吨）" in html and "万吨" not in html
