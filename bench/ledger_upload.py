"""Upload path: validate and ingest a 200,000-row ledger (CSV, then the same rows as XLSX),
against PostgreSQL's COPY of the same rows into a bare, unindexed table, in the same run.

Each file is processed in a fresh worker process (as a Celery worker would), which reports
its time and peak memory. Targets: at most 3x COPY; worker peak memory under 500 MB.

Ingestion and the rescoring it triggers are measured apart: the upload announces its changed
enterprises when it commits, and detection rescores them in a task (in-process when no broker
is configured, as here). The worker records the announcement instead of rescoring during the
upload, then runs the rescoring task itself, timed on its own.

    make bench     # or: .venv/bin/python bench/ledger_upload.py
"""

import io
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import ENV, ROOT, database_recreate, django_setup, peak_rss_mb

ROWS = int(os.environ.get("BENCH_LEDGER_ROWS", "200000"))
ENTERPRISES = 100
CATEGORIES = [
    "SW01",
    "SW02",
    "SW03",
    "SW04",
    "SW05",
    "SW06",
    "SW07",
    "SW09",
    "SW10",
    "SW11",
    "SW12",
    "SW13",
    "SW14",
    "SW15",
    "SW16",
    "SW17",
    "SW59",
    "HW08",
    "HW48",
    "HW49",
]


def worker(batch_id: int) -> None:
    """Child process: process one batch, print seconds and peak RSS."""
    django_setup()
    from detection.receivers import rescore_enterprises
    from detection.tasks import flags_score_task
    from monitoring.ledger.services import ledger_upload_process
    from monitoring.signals import ledger_figures_changed

    announced: list[list[int]] = []
    ledger_figures_changed.disconnect(rescore_enterprises)
    ledger_figures_changed.connect(
        lambda enterprise_ids, **_: announced.append(enterprise_ids), weak=False
    )
    started = time.perf_counter()
    ledger_upload_process(batch_id=batch_id)
    seconds = time.perf_counter() - started
    peak_mb = peak_rss_mb(os.getpid())  # VmHWM: this process image only, not its parent's
    [enterprise_ids] = announced
    started = time.perf_counter()
    flags_score_task.apply(args=[enterprise_ids]).get()
    rescoring = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "peak_mb": peak_mb, "rescoring": rescoring}))


def copy_baseline(content: bytes) -> float:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_ledger_copy")
        cursor.execute(
            "CREATE TABLE bench_ledger_copy (credit_code text, period text, "
            "waste_code text, flow text, quantity text, unit text, counterparty "
            "text, note text)"
        )
        started = time.perf_counter()
        with cursor.copy(
            "COPY bench_ledger_copy FROM STDIN WITH (FORMAT csv, HEADER true)"
        ) as copy:
            copy.write(content)
        seconds = time.perf_counter() - started
        cursor.execute("DROP TABLE bench_ledger_copy")
    return seconds


def xlsx_of(rows: list[list[str]], header: list[str]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("台账")
    sheet.append(header)
    for row in rows:
        sheet.append([*row[:4], float(row[4]), *row[5:]])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def measure(actor, name: str, content: bytes) -> dict:
    from monitoring.ledger import services
    from monitoring.models import LedgerEntry, UploadBatch

    LedgerEntry.objects.all().delete()
    UploadBatch.objects.all().delete()
    services._enqueue = lambda batch_id: None  # the child process below is the worker
    batch, _ = services.upload_batch_create(actor=actor, name=name, data=content)
    result = subprocess.run(
        [sys.executable, __file__, "--worker", str(batch.pk)],
        cwd=ROOT,
        env={**ENV, "LOG_LEVEL": "INFO"},
        capture_output=True,
        text=True,
        check=True,
    )
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    phases = re.search(r"read in ([\d.]+) s, validated in ([\d.]+) s", result.stderr)
    written = re.search(r"written in ([\d.]+) s", result.stderr)
    figures.update(read=float(phases[1]), validate=float(phases[2]), write=float(written[1]))
    batch.refresh_from_db()
    assert batch.status == "ingested", (batch.status, batch.message, batch.errors[:3])
    assert LedgerEntry.objects.count() == ROWS
    return figures


def main() -> dict:
    from django.utils import timezone

    database_recreate()
    django_setup()
    from django.contrib.auth import get_user_model

    from monitoring.ledger.synthetic import HEADER, ledger_csv, ledger_rows
    from tests.factories import EnterpriseFactory, ParkFactory

    park = ParkFactory()
    codes = [EnterpriseFactory(park=park).credit_code for _ in range(ENTERPRISES)]
    actor = get_user_model().objects.create(username="bench", is_superuser=True, is_staff=True)
    months = ROWS // (ENTERPRISES * len(CATEGORIES) * 5)
    rows = list(
        ledger_rows(
            enterprises=codes,
            categories=CATEGORIES,
            months=months,
            until=timezone.localdate().replace(day=1),
        )
    )
    assert len(rows) == ROWS, len(rows)
    csv_content = ledger_csv(iter(rows))
    xlsx_content = xlsx_of(rows, HEADER)

    copy_seconds = copy_baseline(csv_content)
    csv_figures = measure(actor, "ledger.csv", csv_content)
    xlsx_figures = measure(actor, "ledger.xlsx", xlsx_content)
    return {
        "rows": ROWS,
        "copy_seconds": round(copy_seconds, 3),
        "csv_seconds": round(csv_figures["seconds"], 2),
        "csv_ratio_to_copy": round(csv_figures["seconds"] / copy_seconds, 2),
        "csv_worker_peak_mb": round(csv_figures["peak_mb"]),
        "csv_phases_s": {k: csv_figures[k] for k in ("read", "validate", "write")},
        "csv_rescoring_s": round(csv_figures["rescoring"], 2),
        "xlsx_seconds": round(xlsx_figures["seconds"], 2),
        "xlsx_ratio_to_copy": round(xlsx_figures["seconds"] / copy_seconds, 2),
        "xlsx_worker_peak_mb": round(xlsx_figures["peak_mb"]),
        "xlsx_phases_s": {k: xlsx_figures[k] for k in ("read", "validate", "write")},
        "xlsx_rescoring_s": round(xlsx_figures["rescoring"], 2),
        "csv_mb": round(len(csv_content) / 2**20, 1),
        "xlsx_mb": round(len(xlsx_content) / 2**20, 1),
    }


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--worker":
        worker(int(sys.argv[2]))
    else:
        print(json.dumps(main(), indent=1))
