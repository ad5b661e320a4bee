"""bench/province_load.py end to end at a tiny scale: a province of 40 enterprises loaded,
its unpartitioned twin made, both measured the same way; the report's shape, not its times."""

import json
import os
import subprocess
import sys
from urllib.parse import urlparse

import pytest

from bench.common import ROOT

pytestmark = pytest.mark.slow

SIZES = {
    "BENCH_PROVINCE_ENTERPRISES": "40",
    "BENCH_PROVINCE_PARKS": "4",
    "BENCH_PROVINCE_MONTHS": "13",
    "BENCH_PROVINCE_TICKETS": "3001",
    "BENCH_PROVINCE_MANIFESTS": "50",
    "BENCH_PROVINCE_FLAGS": "30",
    "BENCH_PROVINCE_SCORING_STEPS": "10,20,40",
    "BENCH_PROVINCE_SECONDS": "2",
    "BENCH_PORTAL_ALONE_REPEATS": "2",
}


@pytest.fixture
def database_url():
    """A database of its own beside the tests' (and its twin), dropped afterwards."""
    if not os.environ.get("DATABASE_URL", "").startswith("postgis"):
        pytest.skip("the benchmark measures PostgreSQL's partitions")
    url = urlparse(os.environ["DATABASE_URL"])
    name = f"{url.path.lstrip('/')}_province"
    yield url._replace(path=f"/{name}").geturl()
    admin = url._replace(scheme="postgresql", path="/postgres").geturl()
    for database in (name, f"{name}_flat"):
        subprocess.run(["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {database}"], check=True)


def test_the_province_is_measured_partitioned_and_not(database_url):
    run = subprocess.run(
        [sys.executable, "bench/province_load.py"],
        cwd=ROOT,
        env={**os.environ, **SIZES, "BENCH_PROVINCE_DATABASE_URL": database_url},
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    lines = run.stdout.splitlines()  # the figures, after what the set-up commands say
    figures = json.loads("\n".join(lines[lines.index("{") :]))

    loaded = figures["province"]
    # enterprises × wastes × months × (five flows, and the receiver's line of each transfer)
    assert loaded["ledger_lines"] == 40 * 12 * 13 * 6
    assert loaded["weigh_tickets"] == 3001  # spread over 40 weighbridges × 30 days, exactly
    assert (loaded["manifests"], loaded["flags"]) == (50, 30)
    assert set(figures["twin"]) == {"copy_s", "unpartition_s", "vacuum_s"}

    assert figures["partitioned"]["ticket_partitions"] > 1
    assert figures["unpartitioned"]["ticket_partitions"] == 0
    for name in ("partitioned", "unpartitioned"):
        measured = figures[name]
        assert measured["rollup_day"]["enterprises"] == 40
        assert measured["rollup_day"]["rows"] == 40  # one category and direction each
        assert measured["scoring_all_s"] > 0
        # The region's filers agree with each other and with the weighbridges: what the
        # checks find is each series' own ups and downs, not the generator's inconsistencies.
        for check in ("counterparty", "measured_vs_reported", "device_quality"):
            assert check not in measured["flags_open"]
        assert measured["city_report"]["rows"] > 0
        assert measured["figures_warm"]["parks"] == 4  # the operators' parks, and the city
        for phase in ("alone", "loaded"):
            pages = set(measured["portal"][phase])
            assert pages == {"dashboard", "flags list", "enterprise page", "baseline: /healthz"}
        assert measured["portal"]["loaded_failures"] == {}
    # Both ran against the same rows: the same report from each.
    assert (
        figures["partitioned"]["city_report"]["rows"]
        == figures["unpartitioned"]["city_report"]["rows"]
    )

    assert list(figures["scoring_steps"]) == ["10", "20", "40"]
    growth = figures["scoring_growth"]
    assert [growth[n]["size_ratio"] for n in ("10", "20", "40")] == [1.0, 2.0, 4.0]
    assert growth["10"]["time_ratio"] == growth["10"]["per_enterprise_ratio"] == 1.0
