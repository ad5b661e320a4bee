"""Every data table of the portal's pages has a caption and header cells that say what they
head (scope col or row), so that a screen reader can name each cell; the page has a skip link
to its main content and links to the API documentation."""

from html.parser import HTMLParser

import pytest

from monitoring.ledger.services import ledger_upload_process, upload_batch_create
from monitoring.ledger.synthetic import ledger_csv
from tests.factories import ManifestFactory, MonitoringPointFactory

pytestmark = pytest.mark.django_db


class Tables(HTMLParser):
    """The data tables of a page: for each, whether it has a caption, and its th without a
    scope."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[dict] = []
        self.depth = 0  # nesting of data tables being read

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "table" and "data" in (attributes.get("class") or "").split():
            self.tables.append({"caption": False, "unscoped": 0})
            self.depth += 1
        elif self.depth and tag == "caption":
            self.tables[-1]["caption"] = True
        elif (
            self.depth
            and tag == "th"
            and attributes.get("scope") not in ("col", "row", "colgroup", "rowgroup")
        ):
            self.tables[-1]["unscoped"] += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self.depth:
            self.depth -= 1


@pytest.fixture
def pages(ledger_city, flag_a, enterprise_a, enterprise_b, staff_admin):
    """The portal's pages with something in each of their tables."""
    MonitoringPointFactory(enterprise=enterprise_a)
    ManifestFactory(generator=enterprise_a, receiver=enterprise_b)
    data = ledger_csv([[enterprise_a.credit_code, "2026-10", "SW99", "产生", "1", "t", "", ""]])
    rejected, _created = upload_batch_create(actor=staff_admin, name="bad.csv", data=data)
    ledger_upload_process(batch_id=rejected.pk)
    g1 = ledger_city["G1"]
    return [
        "/",
        "/?period=2026-02",
        "/filing/?period=2026-02",
        "/parks/",
        "/parks/PA/",
        f"/enterprises/{g1.credit_code}/",
        f"/enterprises/{enterprise_a.credit_code}/",
        "/devices/",
        "/ledgers/",
        f"/ledgers/{rejected.pk}/",
        "/manifests/",
        "/flags/",
        f"/flags/{flag_a.pk}/",
        "/indicators/?period=2026-02",
        "/reports/",
        "/search/?q=G",
    ]


def test_every_data_table_has_a_caption_and_scoped_headers(client, regulator, pages):
    client.force_login(regulator)
    seen = 0
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        parser = Tables()
        parser.feed(response.content.decode())
        for number, table in enumerate(parser.tables):
            assert table == {"caption": True, "unscoped": 0}, (url, number)
        seen += len(parser.tables)
    assert seen > 25


def test_every_page_skips_to_its_content_and_links_to_the_api_docs(client, regulator, db):
    client.force_login(regulator)
    page = client.get("/parks/").content.decode()
    assert page.index('class="skip-link" href="#main"') < page.index('class="topbar"')
    assert '<main id="main" tabindex="-1">' in page
    assert 'rel="icon" href="/static/favicon.svg"' in page  # no 404 for /favicon.ico
    assert 'href="/api/v1/docs/"' in page.split('class="site-footer"')[1]


def test_the_api_docs_link_back_to_the_portal(client, regulator):
    client.force_login(regulator)
    response = client.get("/api/v1/docs/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    assert '<a href="/">← ' in response.content.decode()
