from django.core.management.base import BaseCommand

from detection.demo import demo_detection_load


class Command(BaseCommand):
    help = (
        "Train the detector on the demo city's last twelve months and score its flags as of "
        "the day after the last month's deadline; idempotent. Run after load_demo_monitoring."
    )

    def handle(self, *args, **options) -> None:
        result = demo_detection_load()
        trained = "trained" if result.trained else "unchanged"
        self.stdout.write(f"Demo detection: detector {trained}; {result.flags} new flags.")
