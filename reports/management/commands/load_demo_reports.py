from django.core.management.base import BaseCommand

from reports.demo import DEMO_REPORT_MONTHS, demo_reports_load


class Command(BaseCommand):
    help = (
        f"Issue the demo city's reports for its last {DEMO_REPORT_MONTHS} months (the city and "
        "every park); idempotent. Run after load_demo_detection."
    )

    def handle(self, *args, **options) -> None:
        self.stdout.write(f"Demo reports: {demo_reports_load()} issued.")
