"""Detection listens to monitoring: new ledger figures may raise or clear flags of their
enterprises, so they are rescored by a task (in-process when no broker is configured)."""

from django.dispatch import receiver

from monitoring.signals import ledger_figures_changed


@receiver(ledger_figures_changed)
def rescore_enterprises(*, enterprise_ids: list[int], **_: object) -> None:
    from detection.tasks import flags_score_task

    flags_score_task.delay(enterprise_ids)
