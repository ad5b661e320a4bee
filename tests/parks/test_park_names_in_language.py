"""A park's name on the portal's pages in the reader's language (Park.display_name): its
English name on English pages when it has one, its official (Chinese) name otherwise; the
park page's heading keeps both on English pages."""

import re

import pytest

from tests.factories import ParkFactory
from tests.pages import CHINESE, ENGLISH, page_html


def _options(html: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select, name
    return re.findall(r"<option[^>]*>([^<]*)</option>", select.group(1))


@pytest.mark.parametrize("url", ["/", "/indicators/"])
def test_the_scope_dropdowns_name_the_parks_in_the_readers_language(
    client, regulator, park_a, park_b, url
):
    ParkFactory(code="PZ", name="无英文名园区", name_en="")
    client.force_login(regulator)
    assert _options(page_html(client, url, **ENGLISH), "park")[1:] == [
        "Park A",
        "Park B",
        "无英文名园区",  # no English name: the official one
    ]
    assert _options(page_html(client, url, **CHINESE), "park")[1:] == [
        "甲园区",
        "乙园区",
        "无英文名园区",
    ]


def test_the_title_of_a_parks_dashboard_is_in_the_readers_language(client, regulator, park_a):
    client.force_login(regulator)
    english = page_html(client, "/?park=PA", **ENGLISH)
    assert re.search(r"<h1>Dashboard · Park A</h1>", english)
    assert re.search(r"<h1>[^<]* · 甲园区</h1>", page_html(client, "/?park=PA", **CHINESE))


def test_the_flag_list_and_page_name_the_enterprises_park_in_the_readers_language(
    client, regulator, flag_a
):
    client.force_login(regulator)
    english = page_html(client, "/flags/", **ENGLISH)
    assert "<small>Park A</small>" in english and "甲园区" not in english
    assert "<small>甲园区</small>" in page_html(client, "/flags/", **CHINESE)
    assert " · Park A</dd>" in page_html(client, f"/flags/{flag_a.pk}/", **ENGLISH)
    assert " · 甲园区</dd>" in page_html(client, f"/flags/{flag_a.pk}/", **CHINESE)
    # the flag list's park filter offers them so too
    assert "Park A" in _options(english, "park")


def test_the_enterprise_page_and_the_search_name_the_park_in_the_readers_language(
    client, regulator, enterprise_a
):
    client.force_login(regulator)
    page = page_html(client, f"/enterprises/{enterprise_a.credit_code}/", **ENGLISH)
    assert ">Park A</a>" in page
    found = page_html(client, "/search/?q=园区", **ENGLISH)
    assert ">Park A</a> <code>PA</code>" in found
    assert ">甲园区</a> <code>PA</code>" in page_html(client, "/search/?q=园区", **CHINESE)


def test_the_park_page_keeps_both_names_in_its_english_heading(client, regulator, park_a):
    client.force_login(regulator)
    english = page_html(client, "/parks/PA/", **ENGLISH)
    assert "<h1>甲园区 <small>Park A</small></h1>" in english
    assert "<title>Park A" in english
    assert "<h1>甲园区</h1>" in page_html(client, "/parks/PA/", **CHINESE)
