from django.core.management.base import BaseCommand

from parks.demo import DEMO_FIXTURE, demo_registry_load, demo_users_create


class Command(BaseCommand):
    help = "Load the Baotou demonstration registry and one account per role (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--fixture", default=str(DEMO_FIXTURE))
        parser.add_argument("--no-users", action="store_true", help="Skip the demo accounts.")

    def handle(self, *args, fixture: str, no_users: bool, **options) -> None:
        result = demo_registry_load(fixture)
        self.stdout.write(
            f"Demo registry: parks {result.parks_created} created, {result.parks_updated} "
            f"updated; enterprises {result.enterprises_created} created, "
            f"{result.enterprises_updated} updated."
        )
        if no_users:
            return
        credentials = demo_users_create()
        self.stdout.write("Demo accounts (username / password):")
        for username, password in credentials.items():
            self.stdout.write(f"  {username:<16} {password}")
