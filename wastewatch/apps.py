from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WastewatchConfig(AppConfig):
    name = "wastewatch"
    verbose_name = _("WasteWatch")

    def ready(self) -> None:
        from celery.signals import task_failure

        from wastewatch import checks  # noqa: F401  (registers the system checks)
        from wastewatch.api import schema  # noqa: F401  (registers the OpenAPI extensions)
        from wastewatch.api.fields import install_printable_text_check
        from wastewatch.audit import task_failure_audit

        task_failure.connect(task_failure_audit, weak=False, dispatch_uid="wastewatch-audit")
        install_printable_text_check()
