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


# The message header that carries the id of the request that queued a task.
REQUEST_ID_HEADER = "x_request_id"
_log_context: dict[str, tuple] = {}


@signals.before_task_publish.connect
def _request_id_to_task(headers: dict | None = None, **kwargs) -> None:
    """A task queued during a request carries the request's id to the worker."""
    from wastewatch.logs import NO_REQUEST, request_id_var

    request_id = request_id_var.get()
    if headers is not None and request_id != NO_REQUEST:
        headers.setdefault(REQUEST_ID_HEADER, request_id)


@signals.task_prerun.connect
def _task_on_logs(task_id: str | None = None, task=None, **kwargs) -> None:
    """A task's log records carry the id of the request that queued it (or, queued by beat,
    the task's own id) and the task's id. Run in-process, the request's id stays."""
    from wastewatch.logs import NO_REQUEST, request_id_var, task_id_var

    queued_by = getattr(task.request, REQUEST_ID_HEADER, None) if task is not None else None
    current = request_id_var.get()
    request_id = queued_by or (current if current != NO_REQUEST else task_id) or NO_REQUEST
    _log_context[task_id] = (request_id_var.set(request_id), task_id_var.set(task_id))


@signals.task_postrun.connect
def _task_off_logs(task_id: str | None = None, **kwargs) -> None:
    from wastewatch.logs import request_id_var, task_id_var

    tokens = _log_context.pop(task_id, None)
    if tokens is not None:
        request_id_var.reset(tokens[0])
        task_id_var.reset(tokens[1])


@signals.worker_ready.connect
def _heartbeat_on_start(sender=None, **kwargs) -> None:
    """A worker that just started has answered for the queues it serves: /healthz need not wait
    for their first beat (and says nothing of the queues it does not serve)."""
    from django.conf import settings

    from wastewatch.health import worker_heartbeat_record

    consumer = getattr(sender, "task_consumer", None)
    served = {queue.name for queue in consumer.queues} if consumer is not None else set()
    try:
        for queue in settings.WORKER_QUEUES:
            if queue in served:
                worker_heartbeat_record(queue)
    except Exception:  # the database may not be up yet; the beat-scheduled heartbeat follows
        logging.getLogger(__name__).exception("could not record the worker's first heartbeat")
