from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DetectionConfig(AppConfig):
    name = "detection"
    verbose_name = _("Detection")

    def ready(self) -> None:
        from detection import receivers  # noqa: F401  (rescoring when ledgers change)
