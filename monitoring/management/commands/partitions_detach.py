from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from monitoring.partitions import (
    RETENTION_YEARS,
    PartitionsUnavailable,
    RetentionRefused,
    partitions_detach,
)


def _month(value: str) -> date:
    try:
        year, month = value.split("-")
        return date(int(year), int(month), 1)
    except ValueError as error:
        raise CommandError(
            _("%(value)s is not a month such as 2021-01.") % {"value": value}
        ) from error


class Command(BaseCommand):
    help = (
        "Detach the monthly partitions of weigh tickets and ledger entries of months before "
        f"--before (they remain as tables of their own, to archive), or drop them with --drop. "
        f"Months inside the {RETENTION_YEARS}-year retention period are refused unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("--before", required=True, help="The first month kept, e.g. 2021-01.")
        parser.add_argument("--drop", action="store_true", help="Drop the detached tables.")
        parser.add_argument(
            "--force", action="store_true", help="Also months inside the retention period."
        )

    def handle(self, *args, before: str, drop: bool, force: bool, **options) -> None:
        try:
            names = partitions_detach(before=_month(before), drop=drop, force=force)
        except (PartitionsUnavailable, RetentionRefused) as refused:
            raise CommandError(str(refused)) from refused
        done = _("Partitions dropped: %(count)d.") if drop else _("Partitions detached: %(count)d.")
        self.stdout.write(done % {"count": len(names)} + "".join(f"\n  {name}" for name in names))
