"""A report names its park in the language it is built in, whoever builds it: Park A in an
English report, 甲园区 in a Chinese one; the reports page's scope dropdown names the parks in
the reader's language."""

import re
from datetime import date

import pytest
from django.utils import translation

from reports.content import report_content
from reports.declaration import declaration_content
from reports.formats import cover_rows

FEB = date(2026, 2, 1)


@pytest.mark.parametrize(
    ("language", "reader", "name"), [("en", "zh-hans", "Park A"), ("zh-hans", "en", "甲园区")]
)
def test_a_parks_report_is_titled_in_its_own_language(report_city, park_a, language, reader, name):
    with translation.override(reader):
        content = report_content(park=park_a, period=FEB, language=language)
        assert cover_rows(content, version=1)[1][1] == name
        declaration = declaration_content(
            enterprise=report_city["G1"], span="month", period=FEB, language=language
        )
        assert [name] == [value for _label, value in declaration.cover if value == name]


def test_the_reports_page_offers_the_parks_in_the_readers_language(client, regulator, park_a):
    client.force_login(regulator)
    english = client.get("/reports/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert re.search(r'<option value="PA">Park A</option>', english)
    chinese = client.get("/reports/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert re.search(r'<option value="PA">甲园区</option>', chinese)
