"""The months a flag's reasons quote read as the reader's language writes them: 2026-10 in
English, 2026年10月 in Chinese (wastewatch.periods.month_text), in the sentence and in the
figures beside it; minutes stored under the same keys stay as they are."""

from datetime import date

import pytest
from django.utils import translation

from detection.models import Flag
from detection.reasons import reason_figures, reason_text
from monitoring.models import WasteCategory

STOCK_CARRY = {"code": "stock_carry", "period": "2026-10", "opening_t": 5, "closing_t": 8}


@pytest.fixture
def carry_flag(enterprise_a, catalogue):
    return Flag.objects.create(
        enterprise=enterprise_a,
        category=WasteCategory.objects.get(code="SW01"),
        period=date(2026, 10, 1),
        kind="stock_carry",
        severity=2,
        reasons=[STOCK_CARRY],
        fingerprint="carry",
    )


def test_the_flag_page_writes_the_reasons_month_in_the_readers_language(
    client, regulator, carry_flag
):
    client.force_login(regulator)
    chinese = client.get(f"/flags/{carry_flag.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    english = client.get(f"/flags/{carry_flag.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert "2026年10月 期初贮存量为 5.0 吨" in chinese.content.decode()
    assert "Opening stock of 2026-10 is 5.0 t" in english.content.decode()


def test_the_months_of_a_sentence_and_its_figures_follow_the_language():
    reason = {**STOCK_CARRY, "code": "generation_change", "times": 3.0, "since": "2026-07"}
    with translation.override("zh-hans"):
        assert "自 2026年7月 起" in reason_text(reason)
        assert ("期间", "2026年10月") in reason_figures(reason)
    with translation.override("en"):
        assert "since 2026-07." in reason_text(reason)
        assert ("Period", "2026-10") in reason_figures(reason)


def test_minutes_under_a_month_key_stay_as_they_are():
    reason = {
        "code": "device_stuck",
        "point": "wb-a",
        "tickets": 4,
        "net_t": "12.000",
        "same_gross_tare": True,
        "first": "2026-10-03 08:15",
        "last": "2026-10-03 09:40",
    }
    with translation.override("zh-hans"):
        assert "2026-10-03 08:15 至 2026-10-03 09:40" in reason_text(reason)
