"""Shared set-up for benchmarks: a dedicated PostGIS database, migrated, with the catalogue."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgis://wastewatch:wastewatch@127.0.0.1:5432/wastewatch_bench"
)
SECRET = "bench-only-secret-key-" + "0123456789" * 5
ENV = {
    **os.environ,
    "DATABASE_URL": BENCH_DATABASE_URL,
    "SECRET_KEY": SECRET,
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECURE_SSL_REDIRECT": "0",
    "SECURE_HSTS_SECONDS": "0",
    "DEVICE_THROTTLE_RATE": "100000/min",
    "LOG_LEVEL": os.environ.get("LOG_LEVEL", "WARNING"),
}


def database_recreate() -> None:
    """Drop and create the benchmark database, then migrate and load the catalogue."""
    from urllib.parse import urlparse

    url = urlparse(BENCH_DATABASE_URL)
    name = url.path.lstrip("/")
    admin = f"postgresql://{url.username}:{url.password}@{url.hostname}:{url.port}/postgres"
    subprocess.run(["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {name}"], check=True)
    subprocess.run(["psql", admin, "-qc", f"CREATE DATABASE {name}"], check=True)
    manage("migrate", "-v0")
    manage("load_reference_data", "-v0")


def manage(*args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=ENV, check=True)


def django_setup() -> None:
    os.environ.update(ENV)
    os.environ["DJANGO_SETTINGS_MODULE"] = "wastewatch.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def peak_rss_mb(pid: int) -> float:
    """Peak resident memory (VmHWM) of a running process, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")
