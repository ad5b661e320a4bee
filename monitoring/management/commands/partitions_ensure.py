from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from monitoring.partitions import PartitionsUnavailable, partitions_ensure


class Command(BaseCommand):
    help = (
        "Create the monthly partitions of weigh tickets and ledger entries for this month and "
        "the next ones, and move rows waiting in the DEFAULT partitions to their month's "
        "partition; idempotent (PostgreSQL only)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--months-ahead",
            type=int,
            default=settings.PARTITIONS_MONTHS_AHEAD,
            help="Months after this one to create (default: PARTITIONS_MONTHS_AHEAD).",
        )

    def handle(self, *args, months_ahead: int, **options) -> None:
        if months_ahead < 0:
            raise CommandError(_("--months-ahead cannot be negative."))
        try:
            created = partitions_ensure(months_ahead=months_ahead)
        except PartitionsUnavailable as unavailable:
            raise CommandError(str(unavailable)) from unavailable
        self.stdout.write(
            _("Partitions created: %(count)d.") % {"count": len(created)}
            + "".join(f"\n  {name}" for name in created)
        )
