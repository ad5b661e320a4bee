"""The platform's own bookkeeping: when the Celery worker last answered."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    """One row per heartbeat name, updated by a beat-scheduled task that a worker runs: in
    the database because every web process can read it, whatever the cache."""

    name = models.CharField(_("name"), max_length=50, primary_key=True)
    seen_at = models.DateTimeField(_("last seen"))

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self) -> str:
        return f"{self.name} @ {self.seen_at:%Y-%m-%d %H:%M:%S}"
