import json

from django.core.management.base import BaseCommand, CommandError

from detection.evaluation import GENERATORS, Evaluation, NotAScratchDatabase, detector_evaluate

TOP = 50  # precision at the top of the flags ranked by severity


class Command(BaseCommand):
    help = (
        "Generate synthetic cities with labelled anomalies, run them through ingestion and "
        "detection (rolled back afterwards), and print, per (enterprise, waste, month) cell: "
        "recall and F1 per anomaly kind, precision per check, overall precision, recall and "
        "F1, the share of clean cells flagged, and precision at the top 50 flags ranked by "
        "severity. Runs only on a database without a city (a scratch database, see "
        "docs/detection.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seeds", type=int, nargs="+", default=[101, 102, 103])
        parser.add_argument(
            "--generator",
            choices=sorted(GENERATORS),
            default="baotou",
            help="Which synthetic city (docs/synthetic-city.md).",
        )
        parser.add_argument("--months", type=int, help="Default: the generator's own.")
        parser.add_argument("--enterprises", type=int, help="Default: the generator's own.")
        parser.add_argument("--anomaly-rate", type=float, default=0.05)
        parser.add_argument("--json", dest="json_path", help="Also write the figures here.")

    def handle(self, *args, seeds, generator, json_path: str | None, **options) -> None:
        try:
            results = [
                detector_evaluate(
                    seed=seed,
                    generator=generator,
                    months=options["months"],
                    enterprises=options["enterprises"],
                    anomaly_rate=options["anomaly_rate"],
                )
                for seed in seeds
            ]
        except NotAScratchDatabase as refused:
            raise CommandError(str(refused)) from None
        self._table(results)
        if json_path:
            with open(json_path, "w", encoding="utf-8") as handle:
                json.dump([_figures(r) for r in results], handle, indent=1)

    def _row(self, name: str, cells: list[str]) -> None:
        self.stdout.write(f"{name:<28}" + "".join(f"{cell:>24}" for cell in cells))

    def _table(self, results: list[Evaluation]) -> None:
        self._row(f"{results[0].generator}: kind", [f"seed {r.seed}" for r in results])
        for kind in sorted({kind for r in results for kind in r.labels}):
            self._row(
                kind,
                [
                    f"{r.found[kind]}/{r.labels[kind]} R {r.recall(kind):.2f} F1 {r.f1(kind):.2f}"
                    for r in results
                ],
            )
        self._row("check: precision", [""] * len(results))
        for check in sorted({check for r in results for check in r.flags_by_check}):
            self._row(
                check,
                [
                    f"{r.true_by_check[check]}/{r.flags_by_check[check]} "
                    f"P {r.check_precision(check):.2f}"
                    for r in results
                ],
            )
        for name, value in (
            ("overall precision", lambda r: f"{r.precision:.2f} ({r.true_positives}/{r.flagged})"),
            (
                "overall recall",
                lambda r: f"{r.recall():.2f} ({r.true_positives}/{r.labelled_cells})",
            ),
            ("overall F1", lambda r: f"{r.f1():.2f}"),
            (
                "clean cells flagged",
                lambda r: (
                    f"{100 * r.false_positive_rate:.2f} % ({r.clean_flagged}/{r.clean_months})"
                ),
            ),
            ("hard negatives flagged", lambda r: f"{r.hard_negatives_flagged}/{r.hard_negatives}"),
            (f"precision at top {TOP}", lambda r: f"{r.precision_at(TOP):.2f}"),
        ):
            self._row(name, [value(r) for r in results])


def _figures(r: Evaluation) -> dict:
    return {
        "generator": r.generator,
        "seed": r.seed,
        "precision": r.precision,
        "recall": r.recall(),
        "f1": r.f1(),
        "false_positive_rate": r.false_positive_rate,
        f"precision_at_{TOP}": r.precision_at(TOP),
        "hard_negatives": {"cells": r.hard_negatives, "flagged": r.hard_negatives_flagged},
        "per_kind": {
            kind: {
                "labels": r.labels[kind],
                "found": r.found[kind],
                "recall": r.recall(kind),
                "f1": r.f1(kind),
            }
            for kind in sorted(r.labels)
        },
        "per_check": {
            check: {
                "flagged": r.flags_by_check[check],
                "true": r.true_by_check[check],
                "precision": r.check_precision(check),
            }
            for check in sorted(r.flags_by_check)
        },
    }
