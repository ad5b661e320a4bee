"""Months read as each language writes them: 2026年10月 on Chinese pages, 2026-10 on English
ones (the tables' and the month inputs' form)."""

import pytest

pytestmark = pytest.mark.django_db


def test_a_flags_month_in_each_language(client, regulator, flag_a):
    client.force_login(regulator)
    chinese = client.get(f"/flags/{flag_a.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "<dd>2026年10月</dd>" in chinese
    english = client.get(f"/flags/{flag_a.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<dd>2026-10</dd>" in english
    listed = client.get("/flags/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "<td>2026年10月</td>" in listed
