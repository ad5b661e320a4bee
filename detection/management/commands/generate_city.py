from collections import Counter
from datetime import date
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from detection.synthetic import (
    city_generate,
    city_generate_independent,
    city_load,
    city_write,
)


class Command(BaseCommand):
    help = (
        "Generate a synthetic city with labelled anomalies (ledgers, weigh tickets, manifests, "
        "labels) and write it to a folder; with --load, also load it through the platform's "
        "services. Deterministic for a seed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--generator",
            choices=("baotou", "independent"),
            default="baotou",
            help=(
                "baotou (default): the city the detector was developed on; independent: a "
                "second city written apart from it, to measure the detector on (its months "
                "end in June 2026; --until does not apply)."
            ),
        )
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument("--months", type=int, default=24)
        parser.add_argument("--enterprises", type=int, default=60)
        parser.add_argument("--anomaly-rate", type=float, default=0.05)
        parser.add_argument(
            "--until",
            type=date.fromisoformat,
            default=date(2026, 10, 1),
            help="The last month (YYYY-MM-DD, default 2026-10-01).",
        )
        parser.add_argument("--output", type=Path, required=True, help="Folder to write to.")
        parser.add_argument("--load", action="store_true", help="Also load it into the database.")
        parser.add_argument(
            "--as",
            dest="username",
            default="admin",
            help="The superuser the data is loaded as (default: admin).",
        )

    def handle(self, *args, **options) -> None:
        actor = None
        if options["load"]:
            actor = (
                get_user_model()
                .objects.filter(username=options["username"], is_superuser=True)
                .first()
            )
            if actor is None:
                raise CommandError(f"No superuser {options['username']!r} to load the city as.")
        sizes = {
            "seed": options["seed"],
            "months": options["months"],
            "enterprises": options["enterprises"],
            "anomaly_rate": options["anomaly_rate"],
        }
        try:
            if options["generator"] == "independent":
                city = city_generate_independent(**sizes)
            else:
                city = city_generate(**sizes, until=options["until"])
        except ValueError as invalid:
            raise CommandError(str(invalid)) from invalid
        paths = city_write(city, options["output"])
        kinds = Counter(label.kind for label in city.labels)
        negatives = Counter(item.kind for item in city.hard_negatives)
        self.stdout.write(
            f"Synthetic city (seed {city.seed}): {len(city.enterprises)} enterprises, "
            f"{len(city.ledgers)} ledger files ({city.ledger_rows()} rows), "
            f"{city.ticket_count()} weigh tickets, {len(city.manifests)} manifests; "
            f"{len(paths)} files written to {options['output']}."
        )
        self.stdout.write(
            "Labels: " + ", ".join(f"{kind} {n}" for kind, n in sorted(kinds.items()))
        )
        self.stdout.write(
            "Hard negatives: " + ", ".join(f"{kind} {n}" for kind, n in sorted(negatives.items()))
        )
        if actor is not None:
            report = city_load(city, actor=actor)
            self.stdout.write(
                f"Loaded: {report.parks_created} parks, {report.enterprises_created} "
                f"enterprises, {report.ledger_files_ingested} ledger files "
                f"({report.ledger_rows} figures; {report.ledger_files_already_loaded} already "
                f"loaded), {report.tickets_accepted} weigh tickets "
                f"({report.tickets_duplicates} already stored), {report.manifests_created} "
                f"manifests ({report.manifests_confirmed} confirmed)."
            )
