"""Every task has a soft and a hard time limit from settings, and the deployment check warns
when a hard limit would outlast the broker's redelivery (the task would run twice)."""

from django.core.checks import run_checks

from wastewatch.celery import app

PROJECT_APPS = {"monitoring", "detection", "parks", "evaluation", "indicators"}


def _project_tasks():
    app.loader.import_default_modules()
    return {name: task for name, task in app.tasks.items() if name.split(".")[0] in PROJECT_APPS}


def test_it_gives_every_task_soft_and_hard_time_limits_from_settings(settings):
    tasks = _project_tasks()
    assert "detection.tasks.flags_score_task" in tasks
    task_limits = (settings.CELERY_TASK_SOFT_TIME_LIMIT, settings.CELERY_TASK_TIME_LIMIT)
    nightly = (settings.JOBS_NIGHTLY_SOFT_TIME_LIMIT, settings.JOBS_NIGHTLY_TIME_LIMIT)
    for name, task in tasks.items():
        limits = (task.soft_time_limit, task.time_limit)
        assert limits in (task_limits, nightly), name
        assert 0 < task.soft_time_limit < task.time_limit, name
    for name in (
        "detection.tasks.flags_score_task",
        "monitoring.tasks.ticket_rollups_refresh_task",
        "detection.tasks.detector_train_task",
    ):
        task = tasks[name]
        assert (task.soft_time_limit, task.time_limit) == nightly


def test_it_warns_when_a_task_could_outlast_the_broker_visibility_timeout(settings):
    assert not [m for m in run_checks(include_deployment_checks=True) if m.id == "wastewatch.W101"]
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 600}
    [warning] = [m for m in run_checks(include_deployment_checks=True) if m.id == "wastewatch.W101"]
    assert "JOBS_NIGHTLY_TIME_LIMIT" in warning.msg
