"""The dashboard listens to indicators: when they compute a scope's figures ahead (after an
upload), the landing page's own figures of that scope and month are computed too."""

from datetime import date

from django.dispatch import receiver

from dashboard.selectors import dashboard_figures
from indicators.signals import figures_warming
from parks.models import Park


@receiver(figures_warming)
def dashboard_figures_warm(*, park: Park | None, month: date, **_: object) -> None:
    dashboard_figures(park=park, month=month)
