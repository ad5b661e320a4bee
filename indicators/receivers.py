"""Indicators listen to monitoring: new ledger figures make the cached figures of the city and
of the enterprises' parks a miss, so a task computes them before their first reader asks."""

from django.conf import settings
from django.dispatch import receiver

from monitoring.signals import ledger_figures_changed


@receiver(ledger_figures_changed)
def figures_warm_queue(*, enterprise_ids: list[int], **_: object) -> None:
    if not (settings.INDICATORS_WARM_AFTER_UPLOADS and settings.INDICATORS_CACHE_SECONDS):
        return
    from indicators.tasks import figures_warm_task

    figures_warm_task.delay(enterprise_ids)
