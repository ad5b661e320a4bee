from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from evaluation.demo import DEMO_YEARS, demo_evaluations_load


class Command(BaseCommand):
    help = (
        "Evaluate every park for the demonstration years through the real workflow, after "
        "load_demo, load_demo_monitoring and load_indicator_catalogue (idempotent)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--operator", default="admin", help="A staff account enters.")
        parser.add_argument("--regulator", default="regulator")

    def handle(self, *args, operator: str, regulator: str, **options) -> None:
        users = get_user_model().objects
        enterer = users.filter(username=operator, is_staff=True).first()
        reviewer = users.filter(username=regulator).first()
        if enterer is None or reviewer is None:
            raise CommandError("Run load_demo first: it creates the demo accounts.")
        result = demo_evaluations_load(operator=enterer, regulator=reviewer)
        years = ", ".join(str(year) for year in DEMO_YEARS)
        self.stdout.write(
            f"Demo evaluations ({years}): {result.created} approved, {result.kept} kept."
        )
