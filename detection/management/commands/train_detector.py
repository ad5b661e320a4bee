from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from detection.model import detector_train
from detection.services import window_start
from wastewatch.locks import JobAlreadyRunning, job_singleton


class Command(BaseCommand):
    help = (
        "Train the anomaly model on the platform's history (monthly; does nothing when the "
        "training data, parameters and scikit-learn version are unchanged)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--since", type=date.fromisoformat, default=None)
        parser.add_argument("--until", type=date.fromisoformat, default=None)

    def handle(self, *args, since: date | None, until: date | None, **options) -> None:
        since = since or window_start()
        until = until or timezone.localdate().replace(day=1)
        try:
            with job_singleton("train-detector"):
                detector, trained = detector_train(since=since, until=until)
        except JobAlreadyRunning as running:
            raise CommandError(str(running)) from None
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        verb = "Trained" if trained else "Unchanged data: kept"
        self.stdout.write(
            f"{verb} detector #{detector.pk} on {detector.training_rows} rows "
            f"({since:%Y-%m}–{until:%Y-%m}), scikit-learn {detector.sklearn_version}."
        )
