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


@pytest.mark.parametrize(
    ("lang", "html_lang", "link"),
    [("zh-hans", "zh-hans", "← WasteWatch门户"), ("en", "en", "← WasteWatch portal")],
)
def test_the_guide_page_says_its_language_and_leads_back_to_the_portal(
    client, lang, html_lang, link
):
    page = client.get("/api/v1/docs/", HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    assert f'<html lang="{html_lang}">' in page
    assert f'<a href="/">{link}</a>' in page
    assert "<style" not in page and "<script>" not in page  # the CSP: files only


@pytest.mark.parametrize(
    ("lang", "not_found", "message"),
    [
        ("zh-hans", "不存在，或该用户无权查看。", "出错原因，供人阅读。"),
        ("en", "Not found, or not visible to this user.", "What went wrong, for a person."),
    ],
)
def test_the_schemas_error_responses_are_described_in_the_requested_language(
    client, lang, not_found, message
):
    schema = client.get(
        "/api/v1/schema/", HTTP_ACCEPT_LANGUAGE=lang, HTTP_ACCEPT="application/vnd.oai.openapi+json"
    ).json()
    operation = schema["paths"]["/api/v1/parks/"]["get"]
    assert operation["responses"]["404"]["description"] == not_found
    error = schema["components"]["schemas"]["Error"]
    assert error["properties"]["message"]["description"] == message
