"""Every portal page is sent with a Content-Security-Policy that allows no inline script or
style, and no page needs one: no <script> without src, no <style>, no style= or on…= attribute
(the admin's map widget and the API's Swagger page included)."""

import re

import pytest

INLINE = [
    # JSON data blocks (json_script) are not executed: the CSP does not apply to them.
    (
        re.compile(r'<script(?![^>]*\b(?:src=|type="application/json"))[^>]*>\s*\S', re.I),
        "inline <script>",
    ),
    (re.compile(r"<style[\s>]", re.I), "<style> element"),
    (re.compile(r"<[a-z][^>]*\sstyle\s*=", re.I), "style= attribute"),
    (re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I), "on…= handler"),
]


@pytest.fixture
def pages(park_a, enterprise_a):
    return [
        "/",
        "/map/",
        "/filing/",
        "/parks/",
        f"/parks/{park_a.code}/",
        "/flags/",
        "/devices/",
        "/ledgers/",
        "/manifests/",
        "/manifests/new/",
        "/indicators/",
        "/evaluations/",
        "/no-such-page/",
        "/admin/",
        f"/admin/parks/park/{park_a.pk}/change/",
        f"/admin/parks/enterprise/{enterprise_a.pk}/change/",
        "/admin/evaluation/indicator/",
        "/api/v1/docs/",
    ]


def test_it_sends_a_policy_without_unsafe_inline(client, db):
    response = client.get("/login/")
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert "unsafe" not in policy


def test_it_puts_no_inline_script_or_style_on_any_page(client, staff_admin, pages):
    client.force_login(staff_admin)
    for url in [*pages, "/login/"]:
        if url == "/login/":
            client.logout()
        response = client.get(url)
        assert response.status_code in (200, 404), url
        assert "Content-Security-Policy" in response, url
        page = response.content.decode()
        for pattern, what in INLINE:
            found = pattern.search(page)
            assert found is None, f"{url}: {what}: {page[found.start() : found.start() + 120]}"
