"""Reading a portal page in a language, for the tests of what pages show."""

ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}
CHINESE = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def page_html(client, url: str, **headers) -> str:
    """The page's HTML, after checking it answered 200."""
    response = client.get(url, **headers)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()
