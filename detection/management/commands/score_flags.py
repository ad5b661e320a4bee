from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from detection.checks import RULES
from detection.services import flags_score, window_start
from wastewatch.locks import JobAlreadyRunning, job_singleton


class Command(BaseCommand):
    help = (
        "Run the detection rules and upsert flags (idempotent); nightly or on demand. Refuses to "
        "start while another run (the nightly task, or this command) is going."
    )

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
        try:
            with job_singleton("score-flags"):
                result = flags_score(since=since, rules=rules)
        except JobAlreadyRunning as running:
            raise CommandError(str(running)) from None
        self.stdout.write(
            f"Flags since {since:%Y-%m}: {result.created} new, {result.reopened} reopened, "
            f"{result.updated} updated, {result.cleared} cleared, {result.unchanged} unchanged."
        )
        for check, reason in result.skipped.items():
            self.stdout.write(
                _("The %(check)s check was skipped: %(reason)s")
                % {"check": check, "reason": reason}
            )
