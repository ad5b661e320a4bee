from django.core.management.base import BaseCommand

from monitoring.services import WASTE_CATALOGUE_FIXTURE, waste_catalogue_load


class Command(BaseCommand):
    help = "Load the waste catalogue (hazardous HW and general SW categories); idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--waste-categories", default=str(WASTE_CATALOGUE_FIXTURE))

    def handle(self, *args, waste_categories: str, **options) -> None:
        result = waste_catalogue_load(path=waste_categories)
        self.stdout.write(
            f"Waste categories: {result.created} created, {result.updated} updated, "
            f"{result.unchanged} unchanged."
        )
