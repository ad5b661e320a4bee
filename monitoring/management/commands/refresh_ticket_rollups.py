from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from monitoring.rollups import ticket_rollup_rebuild
from wastewatch.locks import JobAlreadyRunning, job_singleton


class Command(BaseCommand):
    help = "Recompute weigh-ticket roll-ups from the tickets (idempotent); nightly or on demand."

    def add_arguments(self, parser):
        parser.add_argument(
            "--since",
            type=date.fromisoformat,
            default=None,
            help="First local day (TIME_ZONE) to recompute (default: 35 days ago).",
        )

    def handle(self, *args, since: date | None, **options) -> None:
        since = since or timezone.localdate() - timedelta(days=35)
        try:
            with job_singleton("refresh-ticket-rollups"):
                rows = ticket_rollup_rebuild(since=since)
        except JobAlreadyRunning as running:
            raise CommandError(str(running)) from None
        self.stdout.write(f"Roll-ups recomputed since {since}: {rows} rows.")
