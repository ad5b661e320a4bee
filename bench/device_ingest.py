"""Device path: 100,000 weigh tickets in batches of 1,000 through the HTTP API, served by
gunicorn (2 workers) with the client in this separate process.

Baseline, measured in the same run: PostgreSQL's COPY of the same rows into a bare,
unindexed table. Target: at least 5,000 tickets/s through the API.

    make bench            # or: DATABASE_URL=... .venv/bin/python bench/device_ingest.py
"""

import http.client
import json
import os
import random
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import ENV, ROOT, database_recreate, django_setup, peak_rss_mb

TICKETS = int(os.environ.get("BENCH_TICKETS", "100000"))
BATCH = 1000
POINTS = 10
CLIENT_THREADS = 2
CATEGORIES = ["SW01", "SW02", "SW03", "SW05", "SW06", "HW48", "HW08"]


def ticket_stream(seed: int = 7) -> list[list[dict]]:
    """Per point, its tickets: trucks of 15–45 t net, every few minutes, some inbound."""
    rng = random.Random(seed)
    start = datetime(2026, 1, 1, tzinfo=timezone(timedelta(hours=8)))
    per_point = TICKETS // POINTS
    streams = []
    for point in range(POINTS):
        tickets = []
        when = start
        for n in range(per_point):
            when += timedelta(minutes=rng.randint(2, 9))
            tare = round(rng.uniform(12, 18), 2)
            tickets.append(
                {
                    "ticket_number": f"P{point}-{n:07d}",
                    "weighed_at": when.isoformat(),
                    "category": rng.choice(CATEGORIES),
                    "direction": "out" if rng.random() < 0.8 else "in",
                    "gross_t": round(tare + rng.uniform(15, 45), 2),
                    "tare_t": tare,
                    "vehicle": f"蒙B{rng.randint(10000, 99999)}",
                }
            )
        streams.append(tickets)
    return streams


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def post_batches(port: int, key: str, batches: list[bytes]) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    accepted = 0
    for body in batches:
        connection.request(
            "POST",
            "/api/v1/weigh-tickets/",
            body=body,
            headers={"Authorization": f"Device {key}", "Content-Type": "application/json"},
        )
        response = connection.getresponse()
        payload = json.loads(response.read())
        if response.status != 200 or payload["rejected"]:
            raise SystemExit(f"batch failed: {response.status} {str(payload)[:500]}")
        accepted += payload["accepted"]
    connection.close()
    return accepted


def copy_baseline(streams: list[list[dict]]) -> float:
    """Seconds PostgreSQL's COPY takes to load the same rows into a bare table."""
    import io

    from django.db import connection

    buffer = io.StringIO()
    for point, tickets in enumerate(streams):
        for t in tickets:
            net = round(t["gross_t"] - t["tare_t"], 3)
            buffer.write(
                f"{point}\t{t['ticket_number']}\t{t['weighed_at']}\t{t['category']}\t"
                f"{t['direction']}\t{t['gross_t']}\t{t['tare_t']}\t{net}\t"
                f"{t['vehicle']}\n"
            )
    data = buffer.getvalue()
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_ticket_copy")
        cursor.execute(
            "CREATE UNLOGGED TABLE bench_ticket_copy (point int, ticket_number text, "
            "weighed_at timestamptz, category text, direction text, gross numeric, "
            "tare numeric, net numeric, vehicle text)"
        )
        started = time.perf_counter()
        with cursor.copy("COPY bench_ticket_copy FROM STDIN") as copy:
            copy.write(data)
        elapsed = time.perf_counter() - started
        cursor.execute("DROP TABLE bench_ticket_copy")
    return elapsed


def main() -> dict:
    database_recreate()
    django_setup()
    from monitoring.models import WeighTicket
    from monitoring.services import device_key_issue, monitoring_point_create
    from tests.factories import EnterpriseFactory

    enterprise = EnterpriseFactory()
    keys = []
    for n in range(POINTS):
        point = monitoring_point_create(
            actor=None, enterprise=enterprise, code=f"wb-{n}", kind="weighbridge"
        )
        keys.append(device_key_issue(actor=None, point=point))
    streams = ticket_stream()
    payloads = [
        [json.dumps(tickets[i : i + BATCH]).encode() for i in range(0, len(tickets), BATCH)]
        for tickets in streams
    ]
    copy_seconds = copy_baseline(streams)

    port = free_port()
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "wastewatch.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=ENV,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        jobs = [(keys[i], payloads[i]) for i in range(POINTS)]
        started = time.perf_counter()
        with ThreadPoolExecutor(CLIENT_THREADS) as pool:
            accepted = sum(pool.map(lambda job: post_batches(port, *job), jobs))
        api_seconds = time.perf_counter() - started
        worker_rss = [
            peak_rss_mb(int(pid))
            for pid in subprocess.run(
                ["pgrep", "-P", str(server.pid)], capture_output=True, text=True
            ).stdout.split()
        ]
    finally:
        server.terminate()
        server.wait(timeout=30)
    stored = WeighTicket.objects.count()
    assert accepted == stored == TICKETS, (accepted, stored)
    return {
        "tickets": TICKETS,
        "api_seconds": round(api_seconds, 2),
        "tickets_per_second": round(TICKETS / api_seconds),
        "copy_seconds": round(copy_seconds, 3),
        "ratio_to_copy": round(api_seconds / copy_seconds, 1),
        "worker_peak_rss_mb": [round(m) for m in worker_rss],
    }


if __name__ == "__main__":
    print(json.dumps(main(), indent=1))
