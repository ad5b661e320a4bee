"""Every page of the portal reads the demo city in a fixed number of queries, as a regulator and
as a park operator: the count is under a bound, and it is the same after a second batch of
enterprises, ledgers, flags, manifests, uploads and devices is added (no query per row).
Every URL name of the portal's apps is either such a page or listed below with why it is not,
so that a new page cannot slip through."""

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import get_resolver, reverse

from detection.models import Flag
from evaluation.models import ParkEvaluation
from monitoring.ledger.selectors import ledger_last_period
from monitoring.models import Manifest, UploadBatch, WasteCategory
from parks.models import Enterprise, Park
from reports.services import report_build_request
from tests.factories import (
    EnterpriseFactory,
    ManifestFactory,
    MonitoringPointFactory,
    ParkMembershipFactory,
    ledger_months,
)

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

PORTAL_APPS = [
    "dashboard",
    "parks",
    "monitoring",
    "detection",
    "indicators",
    "evaluation",
    "reports",
]
PARK = "BT-EQP"  # the operator's park; detail pages show one of its objects

# URL name → the page's path, from the objects of the city (`objects`).
PAGES = {
    "dashboard:home": lambda o: reverse("dashboard:home"),
    "dashboard:filing": lambda o: reverse("dashboard:filing"),
    "dashboard:filing-reminders": lambda o: reverse("dashboard:filing-reminders"),
    "dashboard:enterprise-detail": lambda o: reverse(
        "dashboard:enterprise-detail", args=[o["enterprise"].credit_code]
    ),
    "dashboard:search": lambda o: reverse("dashboard:search") + "?q=包头",
    "parks:map": lambda o: reverse("parks:map"),
    "v1:park-geojson": lambda o: reverse("v1:park-geojson"),  # the map's layers
    "v1:enterprise-geojson": lambda o: reverse("v1:enterprise-geojson"),
    "dashboard:map-enterprises": lambda o: reverse("dashboard:map-enterprises"),
    "dashboard:map-enterprise-summary": lambda o: reverse(
        "dashboard:map-enterprise-summary", args=[o["enterprise"].credit_code]
    ),
    "parks:list": lambda o: reverse("parks:list"),
    "parks:detail": lambda o: reverse("parks:detail", args=[PARK]),
    "monitoring:device-list": lambda o: reverse("monitoring:device-list"),
    "monitoring:ledger-upload-list": lambda o: reverse("monitoring:ledger-upload-list"),
    "monitoring:ledger-upload-detail": lambda o: reverse(
        "monitoring:ledger-upload-detail", args=[o["upload"].pk]
    ),
    "monitoring:ledger-upload-progress": lambda o: reverse(
        "monitoring:ledger-upload-progress", args=[o["upload"].pk]
    ),
    "monitoring:manifest-list": lambda o: reverse("monitoring:manifest-list"),
    "monitoring:manifest-detail": lambda o: reverse(
        "monitoring:manifest-detail", args=[o["manifest"].number]
    ),
    "monitoring:manifest-create": lambda o: reverse("monitoring:manifest-create"),
    "detection:flag-list": lambda o: reverse("detection:flag-list"),
    "detection:flag-detail": lambda o: reverse("detection:flag-detail", args=[o["flag"].pk]),
    "indicators:dashboard": lambda o: reverse("indicators:dashboard") + f"?park={PARK}",
    "evaluation:list": lambda o: reverse("evaluation:list"),
    "evaluation:ranking": lambda o: reverse("evaluation:ranking"),
    "evaluation:detail": lambda o: reverse("evaluation:detail", args=[o["evaluation"].pk]),
    "evaluation:park-history": lambda o: reverse("evaluation:park-history", args=[PARK]),
    "reports:report-list": lambda o: reverse("reports:report-list"),
    "reports:report-build": lambda o: reverse("reports:report-build", args=[o["build"].pk]),
    "reports:report-build-status": lambda o: reverse(
        "reports:report-build-status", args=[o["build"].pk]
    ),
}
NOT_PAGES = {
    # Actions: POST only, each answering with a redirect to a page above.
    "monitoring:device-key-rotate": "POST",
    "monitoring:device-key-revoke": "POST",
    "monitoring:ledger-upload-confirm": "POST",
    "monitoring:manifest-receipt-confirm": "POST",
    "detection:flag-review": "POST",
    "detection:flag-assign": "POST",
    "evaluation:create": "POST",
    "reports:report-issue": "POST",
    "evaluation:save": "POST",
    "evaluation:derive": "POST",
    "evaluation:submit": "POST",
    "evaluation:approve": "POST",
    "evaluation:return": "POST",
    "evaluation:revise": "POST",
    # Files: one stored or generated file each, not a list of rows.
    "monitoring:ledger-template": "file",
    "monitoring:ledger-upload-errors": "file",
    "reports:report-file": "file",
    "reports:raw-download": "file",  # the raw records, streamed as CSV
}
# The most queries any page may take (the landing page, as an operator, reads the most).
BOUND = 40


def portal_url_names() -> set[str]:
    names = set()
    for app in PORTAL_APPS:
        for pattern in get_resolver().namespace_dict[app][1].url_patterns:
            names.add(f"{app}:{pattern.name}")
    return names


def test_every_page_of_the_portal_is_counted():
    assert portal_url_names() == {n for n in PAGES if not n.startswith("v1:")} | set(NOT_PAGES)


@pytest.fixture
def demo_city(settings, tmp_path, catalogue, regulator):
    settings.VAR_DIR = tmp_path
    call_command("load_demo", verbosity=0)
    call_command("load_demo_monitoring", verbosity=0)
    call_command("load_indicator_catalogue", verbosity=0)
    call_command("load_demo_evaluations", verbosity=0)
    park = Park.objects.get(code=PARK)
    return {"park": park, **second_batch(park, "first", regulator)}


def second_batch(park: Park, label: str, reader) -> dict:
    """Three enterprises of the park with a year of ledgers, a flag, a manifest, a weighbridge
    and an upload each, and a report build asked for by `reader` (a build is its asker's alone):
    the rows every list and detail page shows."""
    month = ledger_last_period()
    months = [month]
    hazardous = WasteCategory.objects.get(code="HW08")
    slag = WasteCategory.objects.get(code="SW01")
    receiver = Enterprise.objects.filter(park__isnull=False).exclude(park=park).first()
    operator = park.memberships.first().user
    made = {}
    for n in range(3):
        enterprise = EnterpriseFactory(park=park, name=f"包头市{label}{n}有限公司")
        ledger_months(enterprise, months, [{"generated": 100, "utilised": 60, "closing_stock": 40}])
        made["enterprise"] = enterprise
        made["flag"] = Flag.objects.create(
            enterprise=enterprise,
            category=slag,
            period=month,
            kind="stock_carry",
            severity=2,
            reasons=[
                {
                    "code": "stock_carry",
                    "period": f"{month:%Y-%m}",
                    "opening_t": "100.000",
                    "closing_t": "90.000",
                }
            ],
        )
        made["manifest"] = ManifestFactory(
            number=f"202615029{len(label)}{n:04d}",  # beside the demo's serials
            generator=enterprise,
            receiver=receiver,
            category=hazardous,
            waste_code="900-249-08",
        )
        MonitoringPointFactory(enterprise=enterprise, code=f"wb-{label}-{n}")
        made["upload"] = UploadBatch.objects.create(
            uploaded_by=operator,
            file=f"ledger-uploads/{label}-{n}.csv",
            original_name=f"{label}-{n}.csv",
            sha256=f"{label}{n}".ljust(64, "0"),
            size=100,
            format="csv",
            status=UploadBatch.Status.INGESTED,
            rows_total=3,
        )
        made["build"] = report_build_request(
            actor=reader, park=park, enterprise=None, span="month", period=month, language="en"
        )
    made["evaluation"] = ParkEvaluation.objects.filter(park=park).order_by("-year").first()
    return made


def counts(client, objects: dict) -> dict[str, tuple[int, int]]:
    """(status, queries) of every page, with the cache empty (indicator figures computed)."""
    found = {}
    for name, path in PAGES.items():
        url = path(objects)
        cache.clear()
        client.get(url)  # once before: the process's own first-use caches
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        found[name] = (response.status_code, len(queries))
    return found


def test_every_page_reads_the_city_in_a_fixed_number_of_queries(client, regulator, demo_city):
    operator = ParkMembershipFactory(park=demo_city["park"]).user
    before = {}
    for user in (regulator, operator):
        client.force_login(user)
        before[user.pk] = counts(client, demo_city)
        refused = {n: status for n, (status, _q) in before[user.pk].items() if status != 200}
        assert set(refused.values()) <= {400, 403, 404}, refused  # not for this role
    shown = {n for c in before.values() for n, (status, _q) in c.items() if status == 200}
    assert shown == set(PAGES)  # each page opened by at least one of them
    over = {
        (user, name): n for user, c in before.items() for name, (_s, n) in c.items() if n > BOUND
    }
    assert not over

    more = second_batch(demo_city["park"], "second", regulator)
    assert Manifest.objects.filter(generator=more["enterprise"]).exists()
    for user in (regulator, operator):
        client.force_login(user)
        assert counts(client, {**demo_city, **more}) == before[user.pk]
