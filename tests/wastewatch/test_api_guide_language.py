"""The API guide's title and description speak the reader's language, like the portal."""

import pytest


@pytest.mark.parametrize(
    ("lang", "title", "description"),
    [
        ("zh-hans", "WasteWatch 数据接口", "工业固体废物监管：园区与企业名录"),
        ("en", "WasteWatch API", "Industrial solid-waste supervision: park and enterprise"),
    ],
)
def test_the_schema_is_titled_in_the_requested_language(client, lang, title, description):
    schema = client.get(
        f"/api/v1/schema/?lang={lang}", HTTP_ACCEPT="application/vnd.oai.openapi+json"
    ).json()
    assert schema["info"]["title"] == title
    assert schema["info"]["description"].startswith(description)


def test_the_guide_page_is_titled_in_the_readers_language(client):
    client.cookies["django_language"] = "zh-hans"
    assert "<title>WasteWatch 数据接口</title>" in client.get("/api/v1/docs/").content.decode()
