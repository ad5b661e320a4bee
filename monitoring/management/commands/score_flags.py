from datetime import date

from django.core.management.base import BaseCommand

from monitoring.detection.rules import RULES
from monitoring.detection.services import flags_score, window_start


class Command(BaseCommand):
    help = "Run the detection rules and upsert flags (idempotent); nightly or on demand."

    def add_arguments(self, parser):
        parser.add_argument(
            "--since",
            type=date.fromisoformat,
            default=None,
            help="First month to score (default: DETECTION_WINDOW_MONTHS ago).",
        )
        parser.add_argument("--rule", action="append", choices=sorted(RULES), dest="rules")

    def handle(self, *args, since: date | None, rules: list[str] | None, **options) -> None:
        since = since or window_start()
        result = flags_score(since=since, rules=rules)
        self.stdout.write(
            f"Flags since {since:%Y-%m}: {result.created} new, {result.reopened} reopened, "
            f"{result.updated} updated, {result.cleared} cleared, {result.unchanged} unchanged."
        )
