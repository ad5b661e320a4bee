"""The city map and a park's map in Chromium: park outlines above the enterprises, labelled;
enterprises clustered at city zoom and marked by their open flags; a popup that links to the
enterprise's page; the base layer's attribution, or a finished map without tiles; no CSP
violation."""

from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from detection.models import Flag
from monitoring.models import WasteCategory
from parks.models import Enterprise, Park
from tests.factories import UserFactory
from wastewatch.roles import REGULATOR_GROUP

pytestmark = pytest.mark.browser

# Reports every violation of the page's Content-Security-Policy (init scripts are exempt).
LISTEN = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + e.sourceFile);
});
"""


@pytest.fixture
def baotou(transactional_db, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    call_command("load_demo", "--no-users")
    call_command("load_reference_data", verbosity=0)
    regulator = UserFactory(username="regina")
    regulator.groups.add(Group.objects.get_or_create(name=REGULATOR_GROUP)[0])
    return sorted(Park.objects.values_list("code", flat=True)), Enterprise.objects.count()


@pytest.fixture
def flagged(baotou) -> Enterprise:
    """One enterprise of BT-EQP with an open high-severity flag."""
    enterprise = Enterprise.objects.filter(park__code="BT-EQP").order_by("credit_code").first()
    Flag.objects.create(
        enterprise=enterprise,
        category=WasteCategory.objects.get(code="SW01"),
        period=date(2026, 10, 1),
        kind="measured_vs_reported",
        severity=Flag.Severity.HIGH,
        fingerprint="x",
    )
    return enterprise


def log_in(page, base_url: str, username: str) -> None:
    page.add_init_script(LISTEN)
    page.goto(f"{base_url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw")
    page.click(".login button[type=submit]")
    page.wait_for_url(f"{base_url}/")  # lands on the dashboard


def open_map(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("#map[data-loaded=true]", timeout=20_000)


def test_the_city_map_outlines_and_labels_every_park_above_clustered_enterprises(
    baotou, live_server, browser, no_tiles, tmp_path
):
    park_codes, enterprise_count = baotou
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    failed_tiles = []
    page.on("requestfailed", lambda r: failed_tiles.append(r.url) if ":9/" in r.url else None)
    log_in(page, live_server.url, "regina")
    open_map(page, f"{live_server.url}/map/")

    drawn = page.eval_on_selector_all(
        ".leaflet-parks-pane path.park-boundary", "els => els.map(e => e.dataset.park)"
    )
    assert sorted(drawn) == park_codes
    pane_z = page.evaluate(
        """() => ["parks", "marker"].map(name => Number(getComputedStyle(
             document.querySelector(".leaflet-" + name + "-pane")).zIndex))"""
    )
    assert pane_z[0] > pane_z[1], "park outlines must be drawn above the enterprises"
    # Names in the reader's language (the browser asks for English); those that would overlap
    # wait, hidden, for the reader to zoom in.
    labels = page.locator(".park-label").all_text_contents()
    assert sorted(labels) == sorted(Park.objects.values_list("name_en", flat=True))
    assert page.locator(".park-label:not(.park-label-hidden)").count() > 0

    # At city zoom the enterprises are grouped: clusters and single markers add up.
    clusters = page.locator(".leaflet-marker-pane .marker-cluster")
    assert clusters.count() > 0
    in_clusters = sum(int(text) for text in clusters.locator("> span").all_inner_texts())
    single = page.locator(".leaflet-marker-pane .enterprise-marker").count()
    assert in_clusters + single == enterprise_count
    assert page.locator("#map-table tbody tr").count() == enterprise_count  # text alternative

    # No tile server: a finished map all the same, saying the base map is missing.
    assert failed_tiles, "the map should have tried, and failed, to fetch tiles"
    page.wait_for_selector("#map.tiles-failed")
    assert "Base map unavailable" in page.inner_text(".leaflet-control-attribution")
    assert page.locator(".leaflet-control-scale").count() == 1
    assert page.evaluate("window.__csp") == []
    page.screenshot(path=str(tmp_path / "city-map.png"))


def test_an_enterprises_popup_on_the_city_map_links_to_its_page(
    baotou, live_server, browser, no_tiles
):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    log_in(page, live_server.url, "regina")
    open_map(page, f"{live_server.url}/map/")
    # Opening clusters zooms in until enterprises show on their own.
    markers = page.locator(".leaflet-marker-pane .enterprise-marker")
    for _ in range(5):
        if markers.count():
            break
        page.locator(".leaflet-marker-pane .marker-cluster").first.click()
        page.wait_for_timeout(600)  # the zoom animation; Playwright waits on nothing else here
    marker = markers.first
    code = marker.get_attribute("data-enterprise")
    marker.click()
    link = page.locator(".leaflet-popup-content .enterprise-popup strong a")
    link.wait_for(timeout=10_000)
    enterprise = Enterprise.objects.get(credit_code=code)
    assert link.inner_text() == enterprise.name
    assert link.get_attribute("href") == f"/enterprises/{code}/"
    assert code in page.inner_text(".leaflet-popup-content")
    # The last ledger month is read when the popup opens (the demo registry has no ledger).
    ledger = page.wait_for_selector(".leaflet-popup-content dd.last-ledger[data-month]")
    assert ledger.inner_text() == "No ledger yet"
    link.click()
    page.wait_for_url(f"{live_server.url}/enterprises/{code}/")
    assert page.inner_text("h1") == enterprise.name
    assert page.evaluate("window.__csp") == []


def test_a_park_page_marks_its_enterprises_by_open_flags_and_opens_them_from_the_keyboard(
    flagged, live_server, browser, no_tiles
):
    page = browser.new_page(locale="zh-CN")  # the bureau's own language
    log_in(page, live_server.url, "regina")
    open_map(page, f"{live_server.url}/parks/BT-EQP/")
    assert page.eval_on_selector_all("path.park-boundary", "els => els.length") == 1
    assert page.locator(".park-label").inner_text() == "包头装备制造产业园区"
    assert page.locator("#map .enterprise-marker").count() == 12  # no clusters at a park's zoom
    high = page.locator("#map .enterprise-marker.flags-high")
    assert high.count() == 1
    assert high.get_attribute("data-enterprise") == flagged.credit_code
    assert high.inner_text() == "!!"  # not by colour alone
    assert page.locator("#map .enterprise-marker.flags-none").count() == 11

    high.focus()
    page.keyboard.press("Enter")
    popup = page.locator(".leaflet-popup-content .enterprise-popup")
    popup.wait_for(timeout=10_000)
    assert "待处理预警\n1（其中严重程度高：1）" in popup.inner_text()  # the bureau's punctuation
    label = f"{flagged.name}，待处理预警1条（其中严重程度高：1）"
    assert high.get_attribute("aria-label") == label
    assert page.evaluate("window.__csp") == []


def test_the_base_layer_draws_with_its_attribution(baotou, live_server, browser, settings):
    # Any image served at an XYZ-shaped URL stands in for a tile server.
    settings.MAP_TILE_URL = (
        f"{live_server.url}/static/vendor/leaflet/images/layers.png?s={{s}}&z={{z}}&x={{x}}&y={{y}}"
    )
    settings.MAP_TILE_SUBDOMAINS = "ab"
    settings.MAP_TILE_ATTRIBUTION = "© 包头市测绘院 <b>"
    page = browser.new_page()
    log_in(page, live_server.url, "regina")
    open_map(page, f"{live_server.url}/map/")
    page.wait_for_selector("img.leaflet-tile-loaded", timeout=20_000)
    sources = page.eval_on_selector_all("img.leaflet-tile", "els => els.map(e => e.src)")
    assert {"s=a" in src or "s=b" in src for src in sources} == {True}
    assert "© 包头市测绘院 <b>" in page.inner_text(".leaflet-control-attribution")
    assert page.locator("#map.tiles-failed").count() == 0
    assert page.evaluate("window.__csp") == []


@pytest.mark.parametrize("width,height", [(1280, 800), (768, 1024)])
def test_the_city_map_fits_a_laptop_and_a_tablet(
    baotou, live_server, browser, no_tiles, width, height
):
    page = browser.new_page(viewport={"width": width, "height": height})
    log_in(page, live_server.url, "regina")
    open_map(page, f"{live_server.url}/map/")
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # no sideways scroll
    box = page.locator("#map").bounding_box()
    assert box["width"] <= width and box["height"] >= 400
    # Every cluster and marker lies inside the map as first shown.
    outside = page.eval_on_selector_all(
        ".leaflet-marker-pane .leaflet-marker-icon",
        """(els, map) => els.filter(e => { const r = e.getBoundingClientRect();
             return r.left < map.left || r.right > map.right || r.top < map.top
               || r.bottom > map.bottom; }).length""",
        box
        | {
            "right": box["x"] + box["width"],
            "bottom": box["y"] + box["height"],
            "left": box["x"],
            "top": box["y"],
        },
    )
    assert outside == 0


# Visible park names whose box meets an enterprise's marker or a cluster (as drawn).
NAMES_ON_MARKERS = """() => {
  const boxes = (selector) => [...document.querySelectorAll(selector)]
    .filter((e) => getComputedStyle(e).opacity !== "0").map((e) => e.getBoundingClientRect());
  const icons = boxes(".leaflet-marker-pane :is(.leaflet-marker-icon, .cluster-badge)");
  return boxes(".park-label:not(.park-label-hidden)").filter((a) => icons.some((b) =>
    a.left < b.right && a.right > b.left && a.top < b.bottom && a.bottom > b.top)).length;
}"""


def test_park_names_sit_clear_of_the_clusters_and_stay_links(
    flagged, live_server, browser, no_tiles, tmp_path
):
    """At city zoom the parks are smaller than the clusters on them: their names go beside
    them, where no marker, cluster or cluster's flag badge covers them, and remain links for
    the keyboard."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    log_in(page, live_server.url, "regina")
    open_map(page, f"{live_server.url}/map/")
    assert page.evaluate(NAMES_ON_MARKERS) == 0
    assert page.locator(".park-label.park-label-hidden").count() == 0  # all seven fit
    assert page.locator('.park-label[data-placed="beside-park"]').count() > 0
    page.screenshot(path=str(tmp_path / "city-map-names.png"))

    link = page.locator(".park-label:not(.park-label-hidden) a").first
    link.focus()
    code = Park.objects.get(name_en=link.inner_text()).code
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/parks/{code}/")

    # Zoomed in, once the clusters have settled, the names are placed around them again.
    page.go_back()
    page.wait_for_selector("#map[data-loaded=true]", timeout=20_000)
    page.locator(".leaflet-control-zoom-in").click()
    page.wait_for_function(f"({NAMES_ON_MARKERS})() === 0", timeout=10_000)
    page.screenshot(path=str(tmp_path / "city-map-names-zoomed.png"))
