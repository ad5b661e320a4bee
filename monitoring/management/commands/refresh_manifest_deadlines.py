from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from monitoring.manifests import (
    local_date,
    local_today,
    manifest_due_dates_refresh,
    manifest_overdue_list,
)


class Command(BaseCommand):
    help = (
        "Fill the confirmation deadlines of receipts the official calendar could not give "
        "before (run after upgrading chinesecalendar), then list the overdue manifests."
    )

    def handle(self, *args, **options) -> None:
        result = manifest_due_dates_refresh()
        self.stdout.write(
            _("Deadlines: %(filled)d filled, %(waiting)d still waiting for the official calendar.")
            % {"filled": result.filled, "waiting": result.waiting}
        )
        if result.missing_years:
            years = ", ".join(str(year) for year in result.missing_years)
            self.stdout.write(
                _("The installed chinesecalendar has no data for: %(years)s.") % {"years": years}
            )
        today = local_today()
        overdue = list(manifest_overdue_list(today=today))
        self.stdout.write(
            _("Overdue manifests on %(today)s: %(count)d.")
            % {"today": today.isoformat(), "count": len(overdue)}
        )
        for manifest in overdue:
            self.stdout.write(
                _("%(number)s  shipped %(shipped)s  %(generator)s → %(receiver)s  %(quantity)s t")
                % {
                    "number": manifest.number,
                    "shipped": local_date(manifest.shipped_at).isoformat(),
                    "generator": manifest.generator.credit_code,
                    "receiver": manifest.receiver.credit_code,
                    "quantity": manifest.quantity_shipped_t,
                }
            )
