"""System checks of the platform's own settings (`manage.py check --deploy`)."""

from django.core import checks


@checks.register("celery", deploy=True)
def check_time_limits(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """A task still running when the broker's visibility timeout ends is delivered to a second
    worker and runs twice: every hard time limit must end before it."""
    from django.conf import settings

    timeout = settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("visibility_timeout", 3600)
    limits = {
        "CELERY_TASK_TIME_LIMIT": settings.CELERY_TASK_TIME_LIMIT,
        "JOBS_NIGHTLY_TIME_LIMIT": settings.JOBS_NIGHTLY_TIME_LIMIT,
    }
    soft = {
        "CELERY_TASK_SOFT_TIME_LIMIT": "CELERY_TASK_TIME_LIMIT",
        "JOBS_NIGHTLY_SOFT_TIME_LIMIT": "JOBS_NIGHTLY_TIME_LIMIT",
    }
    messages = [
        checks.Warning(
            f"{name}={value} s is not below CELERY_VISIBILITY_TIMEOUT={timeout} s: a task still "
            "running then is delivered to a second worker.",
            hint="Lower the time limit or raise CELERY_VISIBILITY_TIMEOUT.",
            id="wastewatch.W101",
        )
        for name, value in limits.items()
        if value >= timeout
    ]
    messages += [
        checks.Warning(
            f"{name} is not below {hard}: the task is killed before it can stop cleanly.",
            id="wastewatch.W102",
        )
        for name, hard in soft.items()
        if getattr(settings, name) >= getattr(settings, hard)
    ]
    return messages
