from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from monitoring.demo import demo_monitoring_load


class Command(BaseCommand):
    help = (
        "Load demonstration monitoring data (devices, a year of ledgers, weigh tickets, "
        "manifests) for the demo registry; idempotent. Run after load_demo."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--as",
            dest="username",
            default="admin",
            help="The staff account the data is entered as (default: admin).",
        )

    def handle(self, *args, username: str, **options) -> None:
        actor = get_user_model().objects.filter(username=username, is_superuser=True).first()
        if actor is None:
            raise CommandError(f"No superuser {username!r}: run load_demo first.")
        result = demo_monitoring_load(actor=actor)
        self.stdout.write(
            f"Demo monitoring: {result.batches_ingested} ledger files ingested, "
            f"{result.tickets_accepted} weigh tickets and {result.manifests_created} manifests "
            f"added; {result.economic_figures} economic figures saved."
        )
