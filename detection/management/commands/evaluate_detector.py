import json

from django.core.management.base import BaseCommand, CommandError

from detection.evaluation import NotAScratchDatabase, detector_evaluate


class Command(BaseCommand):
    help = (
        "Generate synthetic cities with labelled anomalies, run them through ingestion and "
        "detection (rolled back afterwards), and print precision, recall and F1 per anomaly "
        "kind and overall, and the false-positive rate on clean enterprise-months. Runs only on "
        "a database without a city (a scratch database, see docs/detection.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seeds", type=int, nargs="+", default=[101, 102, 103])
        parser.add_argument("--months", type=int, default=24)
        parser.add_argument("--enterprises", type=int, default=60)
        parser.add_argument("--anomaly-rate", type=float, default=0.05)
        parser.add_argument("--json", dest="json_path", help="Also write the figures here.")

    def handle(
        self, *args, seeds, months, enterprises, anomaly_rate, json_path: str | None, **options
    ) -> None:
        try:
            results = [
                detector_evaluate(
                    seed=seed, months=months, enterprises=enterprises, anomaly_rate=anomaly_rate
                )
                for seed in seeds
            ]
        except NotAScratchDatabase as refused:
            raise CommandError(str(refused)) from None
        kinds = sorted({kind for r in results for kind in r.labels})
        self.stdout.write(
            f"{'kind':<24}" + "".join(f"{'seed ' + str(r.seed):>22}" for r in results)
        )
        for kind in kinds:
            cells = "".join(f"{_cell(r, kind):>22}" for r in results)
            self.stdout.write(f"{kind:<24}{cells}")
        for name, value in (
            ("overall precision", lambda r: f"{r.precision:.2f} ({r.true_positives}/{r.flagged})"),
            ("overall recall", lambda r: f"{r.recall():.2f}"),
            ("overall F1", lambda r: f"{r.f1():.2f}"),
            (
                "false-positive rate",
                lambda r: f"{r.false_positive_rate:.3f} ({r.clean_flagged}/{r.clean_months})",
            ),
            ("hard negatives flagged", lambda r: f"{r.hard_negatives_flagged}/{r.hard_negatives}"),
            (
                "false flags by check",
                lambda r: ",".join(f"{k[:4]}:{n}" for k, n in sorted(r.false_by_check.items())),
            ),
        ):
            self.stdout.write(f"{name:<24}" + "".join(f"{value(r):>22}" for r in results))
        if json_path:
            self._write(json_path, results, kinds)

    def _write(self, path: str, results, kinds) -> None:
        figures = [
            {
                "seed": r.seed,
                "precision": r.precision,
                "recall": r.recall(),
                "f1": r.f1(),
                "false_positive_rate": r.false_positive_rate,
                "per_kind": {
                    k: {
                        "labels": r.labels[k],
                        "found": r.found[k],
                        "recall": r.recall(k),
                        "f1": r.f1(k),
                    }
                    for k in kinds
                },
                "flags_by_check": dict(r.flags_by_check),
                "false_flags_by_check": dict(r.false_by_check),
            }
            for r in results
        ]
        with open(path, "w", encoding="utf-8") as handle:
            json.dump(figures, handle, indent=1)


def _cell(result, kind: str) -> str:
    return (
        f"{result.found[kind]}/{result.labels[kind]} R {result.recall(kind):.2f} "
        f"F1 {result.f1(kind):.2f}"
    )
