"""The worker's heartbeat: beat schedules it, a worker runs it, /healthz reads its time."""

from celery import shared_task


@shared_task(ignore_result=True)
def worker_heartbeat_task() -> None:
    from wastewatch.health import worker_heartbeat_record

    worker_heartbeat_record()
