from datetime import date, timedelta

from django.core.management.base import BaseCommand

from monitoring.rollups import ticket_rollup_rebuild


class Command(BaseCommand):
    help = "Recompute weigh-ticket roll-ups from the tickets (idempotent); nightly or on demand."

    def add_arguments(self, parser):
        parser.add_argument(
            "--since",
            type=date.fromisoformat,
            default=date.today() - timedelta(days=35),
            help="First local day to recompute (default: 35 days ago).",
        )

    def handle(self, *args, since: date, **options) -> None:
        rows = ticket_rollup_rebuild(since=since)
        self.stdout.write(f"Roll-ups recomputed since {since}: {rows} rows.")
