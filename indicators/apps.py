from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "indicators"
    verbose_name = _("Zero-waste city indicators")

    def ready(self) -> None:
        from indicators import receivers  # noqa: F401  (figures computed ahead after uploads)
