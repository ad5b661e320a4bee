"""The province: the same data partitioned by month and unpartitioned, measured in one run.

The province (its own database, `ww_province_bench` unless BENCH_PROVINCE_DATABASE_URL says
otherwise): 3,000 enterprises in 60 parks, 36 months of ledgers with 12 wastes each, a month
of weigh tickets at the province's rate scaled to one machine (2.5 million, every enterprise
weighing), manifests and flags, loaded as bench/portal_load.py loads its city (COPY, every
park evaluated, `partitions_ensure` so that rows leave the DEFAULT partitions, VACUUM
ANALYZE). Its unpartitioned twin (`<name>_flat`) is a copy of it (CREATE DATABASE … TEMPLATE)
migrated back to monitoring 0014, whose reverse rebuilds plain tables, then VACUUM ANALYZE.

On each, the same way, each service in a fresh process of its own:

- the roll-up refresh of one day for every weighbridge's enterprise (`ticket_rollup_refresh`,
  what the nightly repair runs);
- the nightly scoring of every enterprise (`flags_score` under its singleton, as the beat
  task runs it);
- the city report of the last month (`report_content`, then XLSX, as bench/report_issue.py);
- the portal's heavy pages (dashboard, flags list, enterprise page) served by gunicorn as
  `make serve` runs it, alone and under 20 clients, with /healthz as the baseline
  (bench/portal_load.py's server and clients).

Then, on the partitioned database, the scoring of the first 300, 1,000 and 3,000 enterprises:
the time per enterprise must not grow with their number (no worse than linear).

    make bench     # or: .venv/bin/python bench/province_load.py
    BENCH_PROVINCE_REUSE=1 .venv/bin/python bench/province_load.py   # keep both databases

Sizes: BENCH_PROVINCE_ENTERPRISES, _PARKS, _MONTHS, _TICKETS, _MANIFESTS, _FLAGS; the scoring
steps BENCH_PROVINCE_SCORING_STEPS ("300,1000,3000"); BENCH_PROVINCE_SECONDS the loaded phase.
"""

import json
import os
import subprocess
import sys
import time
from dataclasses import asdict
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench import common, portal_load
from bench.portal_load import LAST_MONTH, Sizes, admin_url, database_exists, month_add


def knob(name: str, default: int) -> int:
    return int(os.environ.get(f"BENCH_PROVINCE_{name}", default))


SIZES = Sizes(
    enterprises=knob("ENTERPRISES", 3000),
    parks=knob("PARKS", 60),
    months=knob("MONTHS", 36),
    ticket_share=1,  # every enterprise of the province has a weighbridge
    ticket_first_day=LAST_MONTH,
    ticket_days=30,
    tickets=knob("TICKETS", 2_500_000),
    manifests=knob("MANIFESTS", 40_000),
    flags=knob("FLAGS", 4500),
)
STEPS = [int(n) for n in os.environ.get("BENCH_PROVINCE_SCORING_STEPS", "300,1000,3000").split(",")]
SECONDS = float(os.environ.get("BENCH_PROVINCE_SECONDS", "60"))
DATABASE_URL = os.environ.get(
    "BENCH_PROVINCE_DATABASE_URL",
    "postgis://wastewatch:wastewatch@127.0.0.1:5432/ww_province_bench",
)
FLAT_URL = f"{DATABASE_URL}_flat"
HEAVY = {"dashboard", "flags list", "enterprise page"}
ROLLUP_DAY = LAST_MONTH + timedelta(days=14)
TODAY = month_add(LAST_MONTH, 1).replace(day=16)  # the night the scoring runs, as in the demo


def env_for(database_url: str) -> dict:
    return {
        **portal_load.ENV,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "wastewatch.settings",  # production's, whoever starts it
        "WASTEWATCH_VAR_DIR": str(common.ROOT / "var" / "province-bench"),
        "CACHE_URL": os.environ.get("BENCH_PROVINCE_CACHE_URL", "redis://127.0.0.1:6379/13"),
    }


def psql(database_url: str, sql: str) -> None:
    admin, name = admin_url(database_url)
    subprocess.run(["psql", f"{admin.rsplit('/', 1)[0]}/{name}", "-qc", sql], check=True)


def twin(source_url: str, flat_url: str) -> dict:
    """The unpartitioned copy: the same rows, monitoring migrated back to 0014."""
    admin, name = admin_url(flat_url)
    _admin, source = admin_url(source_url)
    started = time.perf_counter()
    subprocess.run(["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {name}"], check=True)
    subprocess.run(["psql", admin, "-qc", f"CREATE DATABASE {name} TEMPLATE {source}"], check=True)
    copied = time.perf_counter()
    portal_load.manage("migrate", "monitoring", "0014", "-v0", env=env_for(flat_url))
    unpartitioned = time.perf_counter()
    psql(flat_url, "VACUUM ANALYZE")
    return {
        "copy_s": round(copied - started, 1),
        "unpartition_s": round(unpartitioned - copied, 1),
        "vacuum_s": round(time.perf_counter() - unpartitioned, 1),
    }


def services() -> dict:
    """Child process (DATABASE_URL given): each service timed once, in the order the night
    runs them."""
    portal_load.django_setup(dict(os.environ))
    from django.db import connection
    from django.db.models import Count

    from detection.models import Flag
    from detection.services import flags_score
    from monitoring.models import MonitoringPoint
    from monitoring.rollups import ticket_rollup_refresh
    from reports.content import report_content
    from reports.formats import xlsx_bytes
    from wastewatch.jobs import run_alone

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_inherits WHERE inhparent = 'monitoring_weighticket'::regclass"
        )
        timings: dict = {"ticket_partitions": cursor.fetchone()[0]}
    enterprises = sorted(set(MonitoringPoint.objects.values_list("enterprise_id", flat=True)))
    started = time.perf_counter()
    rows = sum(ticket_rollup_refresh(enterprise_id=pk, days=[ROLLUP_DAY]) for pk in enterprises)
    timings["rollup_day"] = {
        "s": round(time.perf_counter() - started, 2),
        "enterprises": len(enterprises),
        "rows": rows,
    }
    started = time.perf_counter()
    run_alone("score-flags", lambda: flags_score(today=TODAY))
    timings["scoring_all_s"] = round(time.perf_counter() - started, 2)
    timings["flags_open"] = dict(
        Flag.objects.filter(status=Flag.Status.OPEN)
        .values_list("kind")
        .annotate(n=Count("pk"))
        .order_by("kind")
    )
    started = time.perf_counter()
    content = report_content(park=None, period=LAST_MONTH, language="zh-hans")
    built = time.perf_counter()
    workbook = xlsx_bytes(content, version=1)
    timings["city_report"] = {
        "content_s": round(built - started, 2),
        "xlsx_s": round(time.perf_counter() - built, 2),
        "rows": sum(len(s.rows) for s in content.sections),
        "xlsx_mb": round(len(workbook) / 2**20, 1),
    }
    return timings


def figures_warm() -> dict:
    """Child process: the cache emptied (the twins' figures have the same keys), then the
    figures the clients' pages open on computed into it, as the task after an upload does
    (the city's and the operators' parks'): a page's first reader would otherwise wait for
    them longer than gunicorn's timeout at this scale."""
    portal_load.django_setup(dict(os.environ))
    from django.core.cache import cache

    from indicators.services import figures_warm as warm
    from parks.models import Enterprise

    cache.clear()
    operators = [f"BP{n:02d}" for n in range(portal_load.OPERATORS)]
    started = time.perf_counter()
    warm(
        enterprise_ids=list(
            Enterprise.objects.filter(park__code__in=operators).values_list("pk", flat=True)
        )
    )
    return {"s": round(time.perf_counter() - started, 1), "parks": len(operators)}


def scoring_steps() -> dict:
    """Child process: the scoring of the first n enterprises, for each step."""
    portal_load.django_setup(dict(os.environ))
    from detection.services import flags_score
    from parks.models import Enterprise

    ids = list(Enterprise.objects.order_by("pk").values_list("pk", flat=True))
    steps = {}
    for n in STEPS:
        chosen = ids[:n]
        started = time.perf_counter()
        flags_score(enterprise_ids=chosen, today=TODAY)
        seconds = time.perf_counter() - started
        steps[len(chosen)] = {
            "s": round(seconds, 2),
            "ms_per_enterprise": round(seconds * 1000 / len(chosen), 2),
        }
    return steps


def child(what: str, database_url: str) -> dict:
    run = subprocess.run(
        [sys.executable, __file__, what],
        cwd=common.ROOT,
        env=env_for(database_url),
        capture_output=True,
        text=True,
    )
    if run.returncode:
        raise RuntimeError(f"{what} on {database_url} failed:\n{run.stderr}")
    return json.loads(run.stdout.strip().splitlines()[-1])


def portal(database_url: str, plan: dict) -> dict:
    server = portal_load.Server(env_for(database_url))
    try:
        figures = {"alone": portal_load.summary(portal_load.alone(plan, HEAVY))}
        times, failures, seconds = portal_load.loaded(plan, HEAVY, SECONDS)
        figures["loaded"] = portal_load.summary(times, seconds)
        figures["loaded_failures"] = failures
    finally:
        server.stop()
    return figures


def growth(steps: dict) -> dict:
    """Each step's size and time as ratios to the smallest step's: linear or better when the
    time ratio is at most the size ratio (per enterprise: at most 1)."""
    sizes = sorted(steps)
    first = steps[sizes[0]]
    return {
        n: {
            "size_ratio": round(n / sizes[0], 2),
            "time_ratio": round(steps[n]["s"] / first["s"], 2),
            "per_enterprise_ratio": round(
                steps[n]["ms_per_enterprise"] / first["ms_per_enterprise"], 2
            ),
        }
        for n in sizes
    }


def main() -> dict:
    from django.db import connections

    sizes = {**asdict(SIZES), "ticket_first_day": str(SIZES.ticket_first_day)}
    figures: dict = {"sizes": sizes, "seconds": SECONDS, "load_average": {}}
    part_env = env_for(DATABASE_URL)
    reuse = os.environ.get("BENCH_PROVINCE_REUSE") and all(
        database_exists(url) for url in (DATABASE_URL, FLAT_URL)
    )
    if not reuse:
        started = time.perf_counter()
        portal_load.database_recreate(part_env)
        portal_load.django_setup(part_env)
        figures["province"] = portal_load.city(SIZES)
        figures["province"]["total_s"] = round(time.perf_counter() - started, 1)
        connections.close_all()  # a template database must have no other connection
        figures["twin"] = twin(DATABASE_URL, FLAT_URL)
        print(json.dumps({"loaded": figures["province"], "twin": figures["twin"]}), file=sys.stderr)
    else:
        portal_load.django_setup(part_env)
    plan = portal_load.clients_plan()
    connections.close_all()
    for name, url in (("partitioned", DATABASE_URL), ("unpartitioned", FLAT_URL)):
        figures["load_average"][f"{name} before"] = os.getloadavg()
        figures[name] = child("services", url)
        print(json.dumps({name: figures[name]}), file=sys.stderr)
        figures[name]["figures_warm"] = child("warm", url)
        figures[name]["portal"] = portal(url, plan)
        print(json.dumps({name: figures[name]}, ensure_ascii=False), file=sys.stderr)
    figures["load_average"]["scoring steps before"] = os.getloadavg()
    figures["scoring_steps"] = child("steps", DATABASE_URL)
    figures["scoring_growth"] = growth({int(n): v for n, v in figures["scoring_steps"].items()})
    figures["load_average"]["end"] = os.getloadavg()
    return figures


if __name__ == "__main__":
    if sys.argv[1:] == ["services"]:
        print(json.dumps(services()))
    elif sys.argv[1:] == ["warm"]:
        print(json.dumps(figures_warm()))
    elif sys.argv[1:] == ["steps"]:
        print(json.dumps(scoring_steps()))
    else:
        print(json.dumps(main(), indent=1, ensure_ascii=False))
