"""Every task of the platform goes to a named queue on purpose, and every queue has a worker in
the Procfile (`make serve`, and the systemd units that copy it)."""

import re
import shlex
from pathlib import Path

from django.apps import apps
from django.conf import settings

from wastewatch.celery import app

ROOT = Path(__file__).resolve().parents[2]
QUEUES = {queue.name for queue in settings.CELERY_TASK_QUEUES}


def project_tasks() -> set[str]:
    app.autodiscover_tasks(force=True)
    ours = tuple(
        f"{config.name}."
        for config in apps.get_app_configs()
        if Path(config.path).is_relative_to(ROOT)
    )
    return {name for name in app.tasks if name.startswith(ours)}


def queue_of(task_name: str) -> str:
    return app.amqp.router.route({}, task_name)["queue"].name


def test_every_task_of_the_platform_has_a_route_to_a_known_queue():
    tasks = project_tasks()
    assert "monitoring.tasks.ledger_upload_process_task" in tasks  # the discovery found them
    unrouted = tasks - set(settings.CELERY_TASK_ROUTES)
    assert not unrouted, f"route these in CELERY_TASK_ROUTES: {sorted(unrouted)}"
    assert {queue_of(name) for name in tasks} <= QUEUES
    assert settings.CELERY_TASK_DEFAULT_QUEUE in QUEUES


def test_each_kind_of_work_goes_to_its_queue():
    assert queue_of("monitoring.tasks.ticket_rollup_refresh_task") == "rollups"
    assert queue_of("monitoring.tasks.ledger_upload_process_task") == "uploads"
    assert queue_of("detection.tasks.flags_score_task") == "detection"
    assert queue_of("reports.tasks.report_build_task") == "reports"
    assert queue_of("wastewatch.tasks.worker_heartbeat_task") == "default"


def procfile_workers() -> dict[str, dict[str, str]]:
    """Each Celery worker line of the Procfile: its --queues, --concurrency and --hostname."""
    workers = {}
    for line in (ROOT / "Procfile").read_text().splitlines():
        match = re.match(r"(\w+): (celery .* worker .*)", line)
        if match:
            words = shlex.split(match.group(2))
            workers[match.group(1)] = {
                option: words[words.index(option) + 1]
                for option in ("--queues", "--concurrency", "--hostname")
            }
    return workers


def test_the_procfile_runs_one_worker_per_queue_with_its_own_concurrency():
    workers = procfile_workers()
    assert sorted(w["--queues"] for w in workers.values()) == sorted(QUEUES)
    for worker in workers.values():
        queue = worker["--queues"]
        assert worker["--concurrency"].startswith(f"${{CELERY_{queue.upper()}_CONCURRENCY:-")
        assert worker["--hostname"] == f"{queue}@%h"  # node names apart, on one machine too
