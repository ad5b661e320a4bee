"""The Celery application. Without CELERY_BROKER_URL, tasks run eagerly in-process."""

import logging.config
import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wastewatch.settings")

app = Celery("wastewatch")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.setup_logging.connect
def _logging_as_django(**kwargs) -> None:
    """The worker and beat log through settings.LOGGING, in the web's format (and not Celery's
    own), so that LOG_FORMAT=json covers every process."""
    from django.conf import settings

    logging.config.dictConfig(settings.LOGGING)


@signals.task_prerun.connect
def _task_id_on_logs(task_id: str | None = None, **kwargs) -> None:
    """A task's log records carry its id where a request's carry the request id."""
    from wastewatch.logs import request_id_var

    request_id_var.set(task_id or "-")


@signals.task_postrun.connect
def _task_id_off_logs(**kwargs) -> None:
    from wastewatch.logs import NO_REQUEST, request_id_var

    request_id_var.set(NO_REQUEST)


@signals.worker_ready.connect
def _heartbeat_on_start(**kwargs) -> None:
    """A worker that just started has answered: /healthz need not wait for the first beat."""
    from wastewatch.health import worker_heartbeat_record

    try:
        worker_heartbeat_record()
    except Exception:  # the database may not be up yet; the beat-scheduled heartbeat follows
        logging.getLogger(__name__).exception("could not record the worker's first heartbeat")
