from django.core.management.base import BaseCommand

from evaluation.catalogue import KINDS, MIIT_2016, indicator_catalogue_load


class Command(BaseCommand):
    help = (
        "Load the green-park indicator catalogue (edition, groups, indicators); idempotent. "
        "Rows staff changed in the admin are kept unless --update is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(MIIT_2016), help="A catalogue JSON file.")
        parser.add_argument(
            "--update",
            action="store_true",
            help="Overwrite stored rows that differ from the file (weights, benchmarks, …).",
        )

    def handle(self, *args, file: str, update: bool, **options) -> None:
        result = indicator_catalogue_load(path=file, update=update)
        for kind in KINDS:
            line = (
                f"Indicator {kind}: {result.created[kind]} created, "
                f"{result.updated[kind]} updated, {result.unchanged[kind]} unchanged"
            )
            if result.kept[kind]:
                line += f", {result.kept[kind]} differ from the file and were kept (--update)"
            self.stdout.write(line + ".")
