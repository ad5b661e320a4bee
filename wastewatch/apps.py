from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WastewatchConfig(AppConfig):
    name = "wastewatch"
    verbose_name = _("WasteWatch")

    def ready(self) -> None:
        from wastewatch.api import schema  # noqa: F401  (registers the OpenAPI extensions)
        from wastewatch.api.fields import install_printable_text_check

        install_printable_text_check()
