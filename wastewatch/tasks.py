"""The workers' heartbeat: beat schedules one on every queue, the queue's worker runs it, /healthz
reads its time."""

from celery import shared_task


@shared_task(ignore_result=True)
def worker_heartbeat_task(queue: str = "default") -> None:
    from wastewatch.health import worker_heartbeat_record

    worker_heartbeat_record(queue)
