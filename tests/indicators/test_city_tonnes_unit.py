"""The Indicators page shows the city's tonnage indicators in 万吨 on a Chinese page (value
÷ 10,000, to 2 places) and in tonnes on an English one; a park's stay in tonnes (吨); rates
and intensities keep their own units."""

import re

import pytest

from indicators.models import IndicatorTarget

pytestmark = pytest.mark.django_db


def _row(client, query: str, language: str, name: str) -> list[str]:
    """The cells of an indicator's row: its unit, then its figures."""
    response = client.get(f"/indicators/?{query}", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    row = re.search(rf"<td>{re.escape(name)}<br>.*?</tr>", response.content.decode(), re.S)
    assert row, name
    return [
        re.sub(r"<[^>]+>", "", cell).strip()
        for cell in re.findall(r"<td[^>]*>(.*?)</td>", row.group(0), re.S)
    ][1:]


def test_the_citys_tonnes_read_in_wan_tonnes_in_chinese_and_tonnes_in_english(
    client, regulator, ledger_city
):
    client.force_login(regulator)
    IndicatorTarget.objects.create(
        park=None, year=2026, indicator="general_storage_disposal", target=12_500
    )
    # January: G1 stored 200 t and disposed of 100 t, R1 disposed of 60 t: 360 t
    chinese = _row(client, "period=2026-01", "zh-hans", "一般工业固体废物贮存处置量")
    assert chinese[:3] == ["万吨", "0.04", "0.04"]
    assert chinese[-2] == "1.25"  # the target, in the same unit
    english = _row(
        client, "period=2026-01", "en", "General industrial solid waste stored and disposed"
    )
    assert english[:3] == ["t", "360.000", "360.000"]
    assert english[-2] == "12,500.000"
    rate = _row(client, "period=2026-01", "zh-hans", "工业固体废物产生强度")
    assert rate[:2] == ["吨/万元", "1.7000"]


def test_a_parks_tonnes_stay_in_tonnes_in_chinese(client, regulator, ledger_city):
    client.force_login(regulator)
    cells = _row(client, "period=2026-01&park=PA", "zh-hans", "一般工业固体废物贮存处置量")
    assert cells[0] == "吨"
    assert cells[1] == "360.000"
