import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from parks.models import Enterprise, Park
from tests.factories import UserFactory
from wastewatch.roles import REGULATOR_GROUP

pytestmark = pytest.mark.browser


@pytest.fixture
def baotou(transactional_db, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    call_command("load_demo", "--no-users")
    regulator = UserFactory(username="regina")
    regulator.groups.add(Group.objects.get_or_create(name=REGULATOR_GROUP)[0])
    return sorted(Park.objects.values_list("code", flat=True)), Enterprise.objects.count()


def log_in(page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw")
    page.click(".login button[type=submit]")


def test_the_regulator_sees_every_park_boundary_with_no_tile_server(
    baotou, live_server, browser, no_tiles, tmp_path
):
    park_codes, enterprise_count = baotou
    page = browser.new_page()
    failed_tiles = []
    page.on("requestfailed", lambda r: failed_tiles.append(r.url) if ":9/" in r.url else None)
    log_in(page, live_server.url, "regina")
    page.wait_for_url(f"{live_server.url}/")  # lands on the dashboard
    page.goto(f"{live_server.url}/map/")
    page.wait_for_selector("#map[data-loaded=true]", timeout=20_000)

    drawn = page.eval_on_selector_all("path.park-boundary", "els => els.map(e => e.dataset.park)")
    assert sorted(drawn) == park_codes
    assert page.locator("path.enterprise-point").count() == enterprise_count
    assert page.locator("path.enterprise-point.data-issue").count() == 1
    assert failed_tiles, "the map should have tried, and failed, to fetch tiles"
    page.screenshot(path=str(tmp_path / "city-map.png"))


def test_a_park_page_draws_its_boundary_and_enterprises(baotou, live_server, browser, no_tiles):
    page = browser.new_page()
    log_in(page, live_server.url, "regina")
    page.goto(f"{live_server.url}/parks/BT-EQP/")
    page.wait_for_selector("#map[data-loaded=true]", timeout=20_000)
    assert page.eval_on_selector_all("path.park-boundary", "els => els.length") == 1
    assert page.locator("path.enterprise-point").count() == 12


def test_an_enterprises_popup_links_to_its_page(baotou, live_server, browser, no_tiles):
    page = browser.new_page()
    log_in(page, live_server.url, "regina")
    page.goto(f"{live_server.url}/parks/BT-EQP/")
    page.wait_for_selector("#map[data-loaded=true]", timeout=20_000)
    page.locator("path.enterprise-point").first.click(force=True)
    link = page.locator(".leaflet-popup-content a")
    link.wait_for(timeout=10_000)
    code = link.locator("code").inner_text()
    enterprise = Enterprise.objects.get(credit_code=code)
    assert link.get_attribute("href") == f"/enterprises/{code}/"
    link.click()
    page.wait_for_url(f"{live_server.url}/enterprises/{code}/")
    assert page.inner_text("h1") == enterprise.name
