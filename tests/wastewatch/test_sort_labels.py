"""The lists' sort menus speak the reader's language, whichever language the first request
after start-up had, and name every order in words."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_sort_menus_follow_each_readers_language(client, regulator):
    client.force_login(regulator)
    chinese = client.get("/flags/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    english = client.get("/flags/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Period (descending)" in english and "（降序）" not in english
    assert "（降序）" in chinese and "(descending)" not in chinese


def test_every_sort_is_named_in_words(client, regulator):
    client.force_login(regulator)
    manifests = client.get("/manifests/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert ">Quantity shipped (descending)<" in manifests
    assert ">Quantity<" not in manifests
    devices = client.get("/devices/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert ">Enterprise (descending)<" in devices
