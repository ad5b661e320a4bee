"""The portal's pages run under the Content-Security-Policy without a single violation: the
maps (Leaflet), the admin's map widget (OpenLayers) and the API's Swagger page still work."""

import pytest
from django.core.management import call_command

from parks.models import Enterprise, Park
from tests.factories import UserFactory

pytestmark = pytest.mark.browser

PAGES = [
    "/",
    "/map/",
    "/filing/",
    "/parks/",
    "/parks/BT-EQP/",
    "/flags/",
    "/enterprises/91150204283821393U/",  # the first enterprise of BT-EQP in the demo
    "/devices/",
    "/ledgers/",
    "/manifests/",
    "/manifests/new/",
    "/indicators/",
    "/evaluations/",
    "/no-such-page/",
    "/admin/",
    "/admin/evaluation/indicator/",
]

# Reports every violation, whatever the console says; Playwright's init scripts are not
# subject to the page's policy.
LISTEN = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + e.sourceFile);
});
"""


@pytest.fixture
def city(transactional_db, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.MAP_TILE_URL = ""
    call_command("load_demo", "--no-users")
    call_command("load_indicator_catalogue", verbosity=0)
    UserFactory(username="root", is_staff=True, is_superuser=True)


def test_it_reports_no_csp_violation_on_the_portals_pages(city, live_server, browser):
    page = browser.new_page()
    page.add_init_script(LISTEN)
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.on("pageerror", lambda error: console.append(f"page error: {error}"))
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "root")
    page.fill("#id_password", "pw")
    page.click(".login button[type=submit]")
    page.wait_for_selector("[data-chart][data-drawn=true]", timeout=20_000)  # the dashboard

    visited = {}
    for url in PAGES:
        page.goto(f"{live_server.url}{url}")
        page.wait_for_load_state("networkidle")
        visited[url] = page.evaluate("window.__csp")
    park = Park.objects.get(code="BT-EQP")
    page.goto(f"{live_server.url}/admin/parks/park/{park.pk}/change/")
    page.wait_for_selector("#id_boundary_map .ol-viewport canvas", timeout=20_000)
    visited["admin park map"] = page.evaluate("window.__csp")
    enterprise = Enterprise.objects.filter(park=park).first()
    page.goto(f"{live_server.url}/admin/parks/enterprise/{enterprise.pk}/change/")
    page.wait_for_selector("#id_location_map .ol-viewport canvas", timeout=20_000)
    visited["admin enterprise map"] = page.evaluate("window.__csp")
    page.goto(f"{live_server.url}/api/v1/docs/")
    page.wait_for_selector(".swagger-ui .info .title", timeout=20_000)
    visited["swagger"] = page.evaluate("window.__csp")
    page.goto(f"{live_server.url}/parks/")
    page.select_option("#language", "en")
    page.wait_for_selector("html[lang=en]", timeout=10_000)  # the switch runs from portal.js

    violations = {url: found for url, found in visited.items() if found}
    assert violations == {}
    assert not [line for line in console if "Content Security Policy" in line], console
    assert not [line for line in console if line.startswith("page error")], console
