"""The portal at city scale: the pages regulators and park operators open most, served by the
production stack (gunicorn with gunicorn.conf.py, DEBUG off, static files collected, Redis
cache) against a city-scale database, under 20 concurrent clients.

The city (its own database, `ww_portal_bench` unless BENCH_PORTAL_DATABASE_URL says
otherwise): 2,000 enterprises in 20 parks (boundaries, locations), 36 months of ledgers with
12 wastes each (about 5.2 million ledger lines, each transfer's receipt in its receiver's
ledger, one upload per park and month), the economic figures of those months, a year of daily
weigh tickets from one enterprise in ten's weighbridge (and their roll-ups), 3,000
hazardous-waste manifests, 3,000 flags (half reviewed) and every park evaluated for 2023-2025
through the real workflow. Loaded with COPY, then VACUUM ANALYZE, as autovacuum would have
done before anyone reads it.

Two phases, each with the baseline (/healthz: the middleware stack and one query) measured in
the same run and the same way:

- alone: one client opens every page in turn (the page's own time, no queueing);
- loaded: 20 clients (16 regulators, 4 park operators, each its own logged-in session) for a
  fixed duration, each opening a page drawn from the mix, then pausing (exponential think
  time, BENCH_PORTAL_THINK_S, mean 1 s: each client clicks about once a second, far busier than
  a person reading a page).

Reports p50/p95 and requests/s per page, and each page's p95 as a ratio to the baseline's.
Target: p95 under 200 ms for every page under load.

    make bench     # or: .venv/bin/python bench/portal_load.py
    BENCH_PORTAL_REUSE=1 .venv/bin/python bench/portal_load.py   # keep the loaded city
"""

import http.client
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import quote, urlencode, urlparse
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench import common

DATABASE_URL = os.environ.get(
    "BENCH_PORTAL_DATABASE_URL", "postgis://wastewatch:wastewatch@127.0.0.1:5432/ww_portal_bench"
)


def free_port() -> int:
    """A loopback port nobody listens on (the machine is shared)."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


PORT = int(os.environ.get("BENCH_PORTAL_PORT", "0")) or free_port()
SECONDS = float(os.environ.get("BENCH_PORTAL_SECONDS", "60"))
THINK_S = float(os.environ.get("BENCH_PORTAL_THINK_S", "1.0"))
CLIENTS, OPERATORS = 20, 4
ALONE_REPEATS = int(os.environ.get("BENCH_PORTAL_ALONE_REPEATS", "20"))
LAST_MONTH = date(2026, 11, 1)


@dataclass(frozen=True)
class Sizes:
    """What a loaded region holds (the city's by default; bench/province_load.py its own)."""

    enterprises: int = 2000
    parks: int = 20
    months: int = 36  # of ledgers, up to LAST_MONTH
    ticket_share: int = 10  # one enterprise in ten has a weighbridge
    ticket_first_day: date = date(2025, 12, 1)
    ticket_days: int = 365
    tickets: int = 146_000  # spread evenly over the weighbridges and days
    manifests: int = 3000
    flags: int = 3000


CITY = Sizes()
GENERAL = ["SW01", "SW02", "SW03", "SW04", "SW05", "SW06", "SW07", "SW16", "SW17", "SW59"]
HAZARDOUS = {"HW08": "900-249-08", "HW48": "321-024-48"}
PASSWORD = "bench-portal-password"
BASELINE = "baseline: /healthz"
VAR_DIR = common.ROOT / "var" / "portal-bench"
ENV = {
    **common.ENV,
    "DATABASE_URL": DATABASE_URL,
    "DEBUG": "0",
    "WASTEWATCH_VAR_DIR": str(VAR_DIR),
    "WASTEWATCH_BIND": f"127.0.0.1:{PORT}",
    "CACHE_URL": os.environ.get("BENCH_PORTAL_CACHE_URL", "redis://127.0.0.1:6379/14"),
    "SESSION_COOKIE_SECURE": "0",
    "CSRF_COOKIE_SECURE": "0",
    "LOG_LEVEL": "WARNING",
}
ENV.pop("CELERY_BROKER_URL", None)  # pages only read; /healthz then checks the database


def month_add(month: date, months: int) -> date:
    index = month.year * 12 + month.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def admin_url(database_url: str) -> tuple[str, str]:
    """The server's maintenance database to connect to, and the database's name."""
    url = urlparse(database_url)
    admin = f"postgresql://{url.username}:{url.password}@{url.hostname}:{url.port}/postgres"
    return admin, url.path.lstrip("/")


def database_exists(database_url: str = DATABASE_URL) -> bool:
    admin, name = admin_url(database_url)
    found = subprocess.run(
        ["psql", admin, "-tAc", f"SELECT 1 FROM pg_database WHERE datname = '{name}'"],
        capture_output=True,
        text=True,
        check=True,
    )
    return found.stdout.strip() == "1"


def database_recreate(env: dict = ENV) -> None:
    admin, name = admin_url(env["DATABASE_URL"])
    subprocess.run(["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {name}"], check=True)
    subprocess.run(["psql", admin, "-qc", f"CREATE DATABASE {name}"], check=True)
    for command in (
        ["migrate", "-v0"],
        ["load_reference_data", "-v0"],
        ["load_indicator_catalogue", "-v0"],
    ):
        manage(*command, env=env)


def manage(*args: str, env: dict = ENV) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=common.ROOT, env=env, check=True)


def django_setup(env: dict = ENV) -> None:
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "wastewatch.settings"
    import django

    django.setup()


def copy_rows(table: str, columns: list[str], rows) -> int:
    """COPY the rows (tuples; None is NULL) into the table, as text."""
    from django.db import connection

    count = 0
    with (
        connection.cursor() as cursor,
        cursor.connection.cursor().copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def city(sizes: Sizes = CITY) -> dict:
    """Load the city (or a region of other sizes); return the counts of what was loaded."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.contrib.gis.geos import GEOSGeometry, Point
    from django.db import connection

    from evaluation.demo import demo_evaluations_load
    from monitoring.ledger.writer import COPY_COLUMNS
    from monitoring.models import MonitoringPoint, UploadBatch, WasteCategory
    from monitoring.partitions import partitions_ensure
    from monitoring.rollups import ticket_rollup_rebuild
    from parks.models import Enterprise, Park, ParkMembership
    from tests.factories import credit_code
    from wastewatch.roles import REGULATOR_GROUP

    rng = random.Random(20261204)
    users = get_user_model().objects
    admin = users.create_superuser("admin", "admin@example.org", PASSWORD)
    regulator = users.create_user("regulator", password=PASSWORD)
    regulator.groups.add(Group.objects.get_or_create(name=REGULATOR_GROUP)[0])
    parks = []
    for n in range(sizes.parks):
        lon, lat = 109.6 + n % 5 * 0.12, 40.5 + n // 5 * 0.1
        w, e, s, north = lon - 0.04, lon + 0.04, lat - 0.03, lat + 0.03
        parks.append(
            Park.objects.create(
                code=f"BP{n:02d}",
                name=f"包头市测试园区{n:02d}",
                name_en=f"Bench park {n:02d}",
                level=Park.Level.REGIONAL,
                district="九原区",
                boundary=GEOSGeometry(
                    f"MULTIPOLYGON((({w} {s},{e} {s},{e} {north},{w} {north},{w} {s})))",
                    srid=4326,
                ),
            )
        )
    for n in range(OPERATORS):
        operator = users.create_user(f"operator{n}", password=PASSWORD)
        ParkMembership.objects.create(user=operator, park=parks[n])
    Enterprise.objects.bulk_create(
        Enterprise(
            credit_code=credit_code(n + 1),
            name=f"包头市{['钢铁', '铝业', '稀土', '热电', '化工'][n % 5]}测试{n:04d}有限公司",
            industry_code=["3110", "3216", "3232", "4411", "2614"][n % 5],
            park=parks[n % sizes.parks],
            location=Point(
                parks[n % sizes.parks].boundary.centroid.x + rng.uniform(-0.035, 0.035),
                parks[n % sizes.parks].boundary.centroid.y + rng.uniform(-0.025, 0.025),
                srid=4326,
            ),
            is_key_unit=n % 4 == 0,
        )
        for n in range(sizes.enterprises)
    )
    enterprises = list(Enterprise.objects.order_by("pk").values_list("pk", "credit_code", "park"))
    categories = dict(WasteCategory.objects.values_list("code", "pk"))
    months = [month_add(LAST_MONTH, -k) for k in range(sizes.months - 1, -1, -1)]
    uploaded = {m: datetime(m.year, m.month, 1, 2, tzinfo=UTC) + timedelta(days=33) for m in months}
    park_operator = {parks[n].pk: users.get(username=f"operator{n}").pk for n in range(OPERATORS)}
    batches = {}
    for park in parks:
        for month in months:
            batch = UploadBatch.objects.create(
                uploaded_by_id=park_operator.get(park.pk, admin.pk),
                file=f"ledger-uploads/bench/{park.code}-{month:%Y-%m}.csv",
                original_name=f"{park.code}-{month:%Y-%m}.csv",
                sha256=f"{park.pk:08x}{month:%Y%m}".ljust(64, "0"),
                size=1_000_000,
                format="csv",
                status="ingested",
                rows_total=6000,
                rows_checked=6000,
                rows_ingested=6000,
                finished_at=uploaded[month],
            )
            batches[park.pk, month] = batch.pk
    UploadBatch.objects.update(uploaded_at=datetime(2026, 11, 10, tzinfo=UTC))
    started = time.perf_counter()
    weighed = enterprises[:: sizes.ticket_share]
    MonitoringPoint.objects.bulk_create(
        MonitoringPoint(enterprise_id=pk, code="wb-1", name="地磅1号", kind="weighbridge")
        for pk, _code, _park in weighed
    )
    points = dict(MonitoringPoint.objects.values_list("enterprise_id", "pk"))
    first_day = sizes.ticket_first_day
    per_day = sizes.tickets / (len(weighed) * sizes.ticket_days)
    weighed_t = Weighed(usual={pk: per_day * 365.25 / 12 * 27.5 for pk, _code, _park in weighed})
    enterprise_of = {point: enterprise for enterprise, point in points.items()}
    loaded: dict[str, int | float] = {}
    loaded["weigh_tickets"] = copy_rows(
        "monitoring_weighticket",
        [
            "point_id",
            "ticket_number",
            "weighed_at",
            "category_id",
            "direction",
            "gross_t",
            "tare_t",
            "net_t",
            "vehicle",
            "counterparty",
            "received_at",
            "ingest_id",
        ],
        weighed_t.tally(
            ticket_rows(rng, weighed, points, categories, enterprises, sizes), enterprise_of
        ),
    )
    loaded["ticket_rollups"] = ticket_rollup_rebuild(since=first_day)
    loaded["ledger_lines"] = copy_rows(
        "monitoring_ledgerentry",
        COPY_COLUMNS,
        ledger_rows(rng, enterprises, categories, months, batches, uploaded, admin.pk, weighed_t),
    )
    loaded["economic_figures"] = copy_rows(
        "parks_economicfigure",
        ["enterprise_id", "period", "output_value", "value_added", "source", "updated_at"],
        (
            (pk, month, f"{v * 4:.2f}", f"{v:.2f}", "upload", uploaded[month])
            for pk, _code, _park in enterprises
            for usual in [rng.uniform(500, 50_000)]  # an enterprise's output varies little
            for month in months
            for v in [usual * rng.uniform(0.9, 1.1)]
        ),
    )
    loaded["manifests"] = copy_rows(
        "monitoring_manifest",
        [
            "number",
            "generator_id",
            "transporter_name",
            "vehicle",
            "receiver_id",
            "category_id",
            "waste_code",
            "quantity_shipped_t",
            "shipped_at",
            "confirmation_due",
            "quantity_received_t",
            "received_at",
            "receipt_note",
            "transporter_credit_code",
            "created_by_id",
            "created_at",
            "confirmed_by_id",
        ],
        manifest_rows(rng, enterprises, categories, admin.pk, sizes.manifests),
    )
    loaded["flags"] = copy_rows(
        "detection_flag",
        [
            "enterprise_id",
            "category_id",
            "waste_code",
            "period",
            "kind",
            "severity",
            "reasons",
            "fingerprint",
            "status",
            "reviewed_by_id",
            "reviewed_at",
            "review_note",
            "created_at",
            "updated_at",
        ],
        flag_rows(rng, enterprises, categories, months[-12:], regulator.pk, sizes.flags),
    )
    loaded["load_s"] = round(time.perf_counter() - started, 1)
    started = time.perf_counter()
    evaluations = demo_evaluations_load(operator=admin, regulator=regulator)
    loaded["evaluations"] = evaluations.created
    loaded["evaluations_s"] = round(time.perf_counter() - started, 1)
    # Copied rows of past months wait in the DEFAULT partitions: moved out as the daily
    # task would have.
    loaded["partitions"] = len(partitions_ensure(months_ahead=settings.PARTITIONS_MONTHS_AHEAD))
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return loaded


def ledger_rows(rng, enterprises, categories, months, batches, uploaded, actor, weighed):
    """Every enterprise, 12 wastes, every month, as careful filers report them: balanced (each
    month opens with the last one's closing stock), most of the rest transferred to one other
    enterprise of the region, which reports receiving it from the sender and utilises it the
    same month; slag (SW01) that a weighbridge weighed going out is reported transferred at
    what it weighed (`weighed`, a `Weighed`). Random figures that the checks would flag on every
    series (transfers nobody received, weighings nobody reported) are no region's ledgers."""
    wastes = [(code, "") for code in GENERAL] + list(HAZARDOUS.items())
    series = []
    received: dict[tuple, list[tuple[str, float]]] = {}
    for index, (pk, credit_code, park) in enumerate(enterprises):
        for code, waste_code in wastes:
            level = rng.uniform(10, 2000) if code.startswith("SW") else rng.uniform(0.5, 20)
            if code == "SW01" and pk in weighed.usual:
                level = weighed.usual[pk] / 0.45  # what is left to transfer, on average
            other = rng.randrange(len(enterprises) - 1)
            receiver_pk, receiver, _park = enterprises[other + (other >= index)]
            closing = round(level * rng.uniform(0, 0.5), 3)
            for month in months:
                opening = closing
                generated = round(level * rng.uniform(0.8, 1.2), 3)
                utilised = round(generated * rng.uniform(0.2, 0.6), 3)
                transferred = round((generated - utilised) * rng.uniform(0.5, 1), 3)
                if code == "SW01" and (pk, month) in weighed.months:
                    transferred = round(weighed.months[pk, month], 3)
                    utilised = round(max(0.0, generated - transferred) * rng.uniform(0.5, 1), 3)
                    generated = max(generated, round(transferred + utilised - opening, 3))
                closing = round(opening + generated - utilised - transferred, 3)
                figures = (opening, generated, utilised, transferred, closing)
                series.append(((pk, park, code, waste_code, month), figures, receiver))
                received.setdefault((receiver_pk, code, month), []).append(
                    (credit_code, transferred)
                )
    for (pk, park, code, waste_code, month), figures, receiver in series:
        opening, generated, utilised, transferred, closing = figures
        receipts = received.get((pk, code, month), [])
        taken = sum(tonnes for _sender, tonnes in receipts)
        common_cells = (batches[park, month], actor, uploaded[month])
        for flow, tonnes, other, purpose in (
            ("opening_stock", opening, "", ""),
            ("generated", generated, "", ""),
            *(("received", tonnes, sender, "utilisation") for sender, tonnes in receipts),
            ("utilised", utilised + taken, "", ""),
            ("transferred_out", transferred, receiver, "utilisation"),
            ("closing_stock", closing, "", ""),
        ):
            yield (
                pk,
                categories[code],
                waste_code,
                month,
                flow,
                other,
                purpose,
                f"{tonnes:.3f}",
                "upload",
                *common_cells,
            )


@dataclass
class Weighed:
    """What the weighbridges weighed going out, in tonnes: by (enterprise, month) as their
    tickets were written, and by enterprise what a month of them usually weighs."""

    usual: dict[int, float]
    months: dict[tuple[int, date], float] = field(default_factory=dict)

    def tally(self, rows, enterprise_of: dict[int, int]):
        """The ticket rows passed through, each one's net weight added to its local month."""
        from django.conf import settings

        zone = ZoneInfo(settings.TIME_ZONE)
        for row in rows:
            point, _number, at, *_rest = row
            local = at.astimezone(zone)
            key = (enterprise_of[point], date(local.year, local.month, 1))
            self.months[key] = self.months.get(key, 0.0) + float(row[7])
            yield row


def ticket_rows(rng, weighed, points, categories, enterprises, sizes: Sizes):
    """Outbound weighings of slag, the same number a day at each weighbridge (the remainder
    one more at the first), spread over the local day."""
    from django.conf import settings

    zone = ZoneInfo(settings.TIME_ZONE)
    ingest = uuid.uuid4()
    each, more = divmod(sizes.tickets, len(weighed) * sizes.ticket_days)
    for index, (pk, _code, _park) in enumerate(weighed):
        receiver = rng.choice(enterprises)[1]
        for day in range(sizes.ticket_days):
            midnight = datetime.combine(
                sizes.ticket_first_day + timedelta(days=day), datetime.min.time(), zone
            )
            count = each + (index * sizes.ticket_days + day < more)
            for n in range(count):
                slot = 86_400 // count
                at = midnight + timedelta(seconds=n * slot + rng.randrange(slot))
                tare = rng.uniform(12, 16)
                net = rng.uniform(20, 35)
                yield (
                    points[pk],
                    f"T{day:03d}-{n:04d}",
                    at,
                    categories["SW01"],
                    "out",
                    f"{tare + net:.3f}",
                    f"{tare:.3f}",
                    f"{net:.3f}",
                    "蒙B12345",
                    receiver,
                    at,
                    ingest,
                )


def manifest_rows(rng, enterprises, categories, actor, count: int):
    """A year of hazardous-waste manifests to twenty receivers; most confirmed."""
    receivers = [pk for pk, _code, _park in enterprises[:20]]
    for n in range(count):
        generator = rng.choice(enterprises)[0]
        shipped = datetime(2025, 12, 1, 2, tzinfo=UTC) + timedelta(minutes=rng.randrange(525_600))
        code, waste_code = rng.choice(list(HAZARDOUS.items()))
        tonnes = rng.uniform(1, 20)
        confirmed = n % 10 != 0
        yield (
            f"{shipped.year}1502{n:06d}",
            generator,
            "包头市危险货物运输有限公司",
            "蒙B12345",
            rng.choice(receivers),
            categories[code],
            waste_code,
            f"{tonnes:.3f}",
            shipped,
            (shipped + timedelta(days=7)).date(),
            f"{tonnes:.3f}" if confirmed else None,
            shipped + timedelta(days=2) if confirmed else None,
            "",
            "",
            actor,
            shipped,
            actor if confirmed else None,
        )


def flag_rows(rng, enterprises, categories, months, reviewer, count: int):
    """Flags of the last year's months: a stock carried over wrongly; half reviewed."""
    seen = set()
    while len(seen) < count:
        pk = rng.choice(enterprises)[0]
        code = rng.choice(GENERAL)
        month = rng.choice(months)
        if (pk, code, month) in seen:
            continue
        seen.add((pk, code, month))
        status = rng.choice(["open", "open", "confirmed", "dismissed"])
        reviewed = status != "open"
        at = datetime(month.year, month.month, 1, tzinfo=UTC) + timedelta(days=35)
        reasons = [
            {
                "code": "stock_carry",
                "period": f"{month:%Y-%m}",
                "opening_t": "100.000",
                "closing_t": "90.000",
            }
        ]
        yield (
            pk,
            categories[code],
            "",
            month,
            "stock_carry",
            rng.choice([1, 2, 3]),
            json.dumps(reasons),
            uuid.uuid4().hex,
            status,
            reviewer if reviewed else None,
            at + timedelta(days=3) if reviewed else None,
            "已核实" if reviewed else "",
            at,
            at,
        )


def clients_plan() -> dict:
    from parks.models import Enterprise

    codes = list(Enterprise.objects.order_by("pk").values_list("credit_code", "park__code"))
    return {"codes": codes}


class Server:
    """gunicorn as `make serve` runs it (scripts/serve.sh: the project's gunicorn.conf.py,
    DEBUG off, static files collected), without Celery: the pages only read."""

    def __init__(self, env: dict = ENV) -> None:
        manage("collectstatic", "--noinput", "-v0", env=env)
        self.process = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "--config",
                "gunicorn.conf.py",
                "wastewatch.wsgi",
            ],
            cwd=common.ROOT,
            env=env,
            start_new_session=True,
        )
        for _ in range(120):
            try:
                if Client().get("/healthz")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.5)
        self.stop()
        raise RuntimeError("gunicorn did not answer /healthz")

    @staticmethod
    def url(path: str) -> str:
        return f"http://127.0.0.1:{PORT}{path}"

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)


class Client:
    """One person's browser, enough of it: a kept-alive connection, the cookies the server
    sets, redirects followed (the standard library only)."""

    def __init__(self) -> None:
        self.cookies: dict[str, str] = {}
        self.connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=70)

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, str]:
        headers = {
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
            "Accept-Encoding": "gzip",  # as browsers do: compressed answers cost their time
        }
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = Server.url(path)
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
        except (http.client.HTTPException, ConnectionError):  # a worker closed it: once more
            self.connection.close()
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
        response.read()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]
        return response.status, response.getheader("Location", "")

    def get(self, path: str) -> tuple[int, str]:
        status, location = self.request("GET", path)
        while status in (301, 302) and location:
            target = urlparse(location)
            status, location = self.request("GET", f"{target.path}?{target.query}")
        return status, location


def logged_in(username: str) -> Client:
    client = Client()
    client.get("/login/")
    form = {"username": username, "password": PASSWORD}
    form["csrfmiddlewaretoken"] = client.cookies["csrftoken"]
    status, _location = client.request("POST", "/login/", urlencode(form))
    assert status == 302, (username, status)
    return client


def pages(
    rng: random.Random, plan: dict, operator_park: str | None, keep: set[str] | None = None
) -> list[tuple[str, str]]:
    """The mix: (page, path), or those of its pages named in `keep` and the baseline. An
    operator opens its own park's enterprises."""
    codes = [c for c, park in plan["codes"] if operator_park in (None, park)]
    code = rng.choice(codes)
    word = rng.choice(["钢铁", "铝业测试01", "测试12", code[:10], "包头市测试园区0"])
    mix = [
        ("dashboard", "/"),
        ("map page", "/map/"),
        ("map: parks layer", "/api/v1/parks/geojson/"),
        ("map: enterprises layer (page 1)", "/api/v1/enterprises/geojson/"),
        ("map: enterprises with their flags", "/map/enterprises/"),
        ("flags list", "/flags/"),
        ("enterprise page", f"/enterprises/{code}/"),
        ("indicators page", "/indicators/"),
        ("ranking", "/evaluations/ranking/"),
        ("search", f"/search/?q={word}"),
        (BASELINE, "/healthz"),
    ]
    if keep is None:
        return mix
    return [(page, path) for page, path in mix if page in keep or page == BASELINE]


def timed(client: Client, path: str) -> float:
    started = time.perf_counter()
    status, _location = client.get(quote(path, safe="/?=&"))
    elapsed = time.perf_counter() - started
    if status != 200:
        raise RuntimeError(f"{path} answered {status}")
    return elapsed


def alone(plan: dict, keep: set[str] | None = None) -> dict[str, list[float]]:
    rng = random.Random(1)
    session = logged_in("regulator")
    for _page, path in pages(rng, plan, None, keep):  # each page once: caches, connections
        timed(session, path)
    times: dict[str, list[float]] = {}
    for _ in range(ALONE_REPEATS):
        for page, path in pages(rng, plan, None, keep):
            times.setdefault(page, []).append(timed(session, path))
    return times


def loaded(
    plan: dict, keep: set[str] | None = None, seconds: float = SECONDS
) -> tuple[dict[str, list[float]], dict[str, int], float]:
    """Times per page, and failures per page (a timeout or an error answer: counted and
    reported, as a user would have met it)."""
    times: dict[str, list[float]] = {}
    failures: dict[str, int] = {}
    lock = threading.Lock()
    parks = [f"BP{n:02d}" for n in range(OPERATORS)]
    sessions = [logged_in("regulator") for _ in range(CLIENTS - OPERATORS)] + [
        logged_in(f"operator{n}") for n in range(OPERATORS)
    ]
    # Each scope's figures computed once before the clock starts (the first reader after new
    # data pays for them: see docs/benchmarks.md); the timed phase is the steady state.
    for index in range(CLIENTS - OPERATORS - 1, CLIENTS):
        park = parks[index - (CLIENTS - OPERATORS)] if index >= CLIENTS - OPERATORS else None
        for _page, path in pages(random.Random(index), plan, park, keep):
            timed(sessions[index], path)
    deadline = time.perf_counter() + seconds

    def client(index: int) -> None:
        rng = random.Random(index)
        park = parks[index - (CLIENTS - OPERATORS)] if index >= CLIENTS - OPERATORS else None
        session = sessions[index]
        while time.perf_counter() < deadline:
            page, path = rng.choice(pages(rng, plan, park, keep))
            try:
                seconds = timed(session, path)
            except Exception:
                with lock:
                    failures[page] = failures.get(page, 0) + 1
                continue
            with lock:
                times.setdefault(page, []).append(seconds)
            time.sleep(rng.expovariate(1 / THINK_S) if THINK_S else 0)

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return times, failures, time.perf_counter() - started


def summary(times: dict[str, list[float]], seconds: float | None = None) -> dict:
    baseline = percentile(times[BASELINE], 95)
    rows = {}
    for page, values in times.items():
        p95 = percentile(values, 95)
        rows[page] = {
            "n": len(values),
            "p50_ms": round(statistics.median(values) * 1000, 1),
            "p95_ms": round(p95 * 1000, 1),
            "p95_ratio_to_baseline": round(p95 / baseline, 1),
        }
        if seconds:
            rows[page]["req_per_s"] = round(len(values) / seconds, 2)
    return rows


def percentile(values: list[float], q: int) -> float:
    if len(values) < 2:
        return max(values)
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def main() -> dict:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    figures: dict = {"clients": CLIENTS, "seconds": SECONDS, "think_s": THINK_S}
    if not (os.environ.get("BENCH_PORTAL_REUSE") and database_exists()):
        started = time.perf_counter()
        database_recreate()
        django_setup()
        figures["city"] = city()
        figures["city"]["total_s"] = round(time.perf_counter() - started, 1)
    else:
        django_setup()
    plan = clients_plan()
    server = Server()
    try:
        figures["alone"] = summary(alone(plan))
        print(json.dumps({"alone": figures["alone"]}, ensure_ascii=False), file=sys.stderr)
        times, failures, seconds = loaded(plan)
        figures["loaded"] = summary(times, seconds)
        figures["loaded_failures"] = failures
        figures["loaded_total_req_per_s"] = round(sum(len(v) for v in times.values()) / seconds, 1)
    finally:
        server.stop()
    figures["load_average"] = os.getloadavg()
    return figures


if __name__ == "__main__":
    print(json.dumps(main(), indent=1, ensure_ascii=False))
