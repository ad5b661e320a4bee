"""Measured accuracy: generate a synthetic city with labelled anomalies, push it through the
real ingestion path, detect, and compare the flags with the labels. Everything happens in one
transaction that is rolled back, so an evaluation never leaves data behind.

It runs only on a database without a city (a scratch database: every flag there is its own,
and scoring locks and rewrites nothing live), and writes its files (ledger uploads, model
artefacts) to a temporary folder that is removed afterwards, never to MEDIA_ROOT.

A flag and a label meet on (enterprise, waste, month) cells, the waste being the ledger's
8-digit code or its category. Per anomaly kind: recall (the share of its labelled cells flagged
by any check) and F1 with the overall precision (a flag does not say which kind of anomaly it
saw, only that the cell is anomalous); per check: its precision. The false-positive rate is
over clean cells (reported ones and hard negatives, the latter also reported apart); precision
at k over the flagged cells ranked by severity, agreeing checks and score.
"""

import tempfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test.utils import override_settings
from django.utils.translation import gettext as _

from detection.model import detector_train
from detection.models import Detector, Flag
from detection.services import flags_score
from detection.synthetic import (
    HardNegative,
    Label,
    city_generate,
    city_generate_independent,
    city_load,
)
from monitoring.models import (
    LedgerEntry,
    Manifest,
    MonitoringPoint,
    TicketRollup,
    UploadBatch,
    WeighTicket,
)
from monitoring.rollups import ticket_rollup_rebuild
from parks.models import EconomicFigure, Enterprise, Park
from wastewatch.periods import month_add

Cell = tuple[str, str, date]  # credit code, waste (8-digit code or category), month
GENERATORS = {"baotou": city_generate, "independent": city_generate_independent}


@dataclass
class Evaluation:
    """Flags against labels, per (enterprise, waste, month) cell."""

    seed: int
    generator: str = "baotou"
    labels: Counter = field(default_factory=Counter)  # labelled cells per anomaly kind
    found: Counter = field(default_factory=Counter)  # of which flagged (by any check)
    flagged: int = 0
    true_positives: int = 0
    labelled_cells: int = 0
    clean_months: int = 0
    clean_flagged: int = 0
    hard_negatives: int = 0
    hard_negatives_flagged: int = 0
    flags_by_check: Counter = field(default_factory=Counter)  # cells each check flagged
    true_by_check: Counter = field(default_factory=Counter)  # of which labelled
    false_by_check: Counter = field(default_factory=Counter)
    # Flagged cells, most severe first (severity, then how many checks agree, then the
    # score): whether each is labelled.
    ranked: list[bool] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.true_positives / self.flagged if self.flagged else 1.0

    def check_precision(self, check: str) -> float:
        flagged = self.flags_by_check[check]
        return self.true_by_check[check] / flagged if flagged else 1.0

    def precision_at(self, k: int) -> float:
        top = self.ranked[:k]
        return sum(top) / len(top) if top else 1.0

    def recall(self, kind: str | None = None) -> float:
        """Of one kind's labelled cells, or of all labelled cells (each counted once)."""
        labelled = self.labels[kind] if kind else self.labelled_cells
        found = self.found[kind] if kind else self.true_positives
        return found / labelled if labelled else 1.0

    def f1(self, kind: str | None = None) -> float:
        p, r = self.precision, self.recall(kind)
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def false_positive_rate(self) -> float:
        return self.clean_flagged / self.clean_months if self.clean_months else 0.0


# What a live city has: an evaluation refuses a database holding any of it.
CITY_DATA = (
    ("parks", Park),
    ("enterprises", Enterprise),
    ("monitoring points", MonitoringPoint),
    ("ledger uploads", UploadBatch),
    ("ledger figures", LedgerEntry),
    ("economic figures", EconomicFigure),
    ("weigh tickets", WeighTicket),
    ("roll-ups", TicketRollup),
    ("manifests", Manifest),
    ("flags", Flag),
    ("detectors", Detector),
)


class NotAScratchDatabase(Exception):
    """The database holds a city: an evaluation would score (and lock) its flags, and count
    them as its own."""

    def __init__(self, found: dict[str, int]) -> None:
        self.found = found
        super().__init__(
            _(
                "evaluate_detector runs only on an empty database, and this one holds a city "
                "(%(found)s). Run it against a scratch database instead, e.g. createdb "
                "ww_scratch, then DATABASE_URL=postgis://…/ww_scratch python manage.py migrate "
                "&& DATABASE_URL=postgis://…/ww_scratch python manage.py load_reference_data "
                "&& DATABASE_URL=postgis://…/ww_scratch python manage.py evaluate_detector."
            )
            % {"found": ", ".join(f"{name}: {count}" for name, count in found.items())}
        )


def city_data_found() -> dict[str, int]:
    """The city data this database holds, by kind (empty for a scratch database)."""
    counts = {name: model.objects.count() for name, model in CITY_DATA}
    return {name: count for name, count in counts.items() if count}


def detector_evaluate(
    *,
    seed: int,
    generator: str = "baotou",
    months: int | None = None,
    enterprises: int | None = None,
    anomaly_rate: float = 0.05,
) -> Evaluation:
    """Raises NotAScratchDatabase when the database holds a city (see the module's note).
    `months` and `enterprises` default to the generator's own sizes."""
    found = city_data_found()
    if found:
        raise NotAScratchDatabase(found)
    sizes = {"months": months, "enterprises": enterprises}
    city = GENERATORS[generator](
        seed=seed, anomaly_rate=anomaly_rate, **{k: v for k, v in sizes.items() if v}
    )
    first, last = city.periods[0], city.periods[-1]
    with (
        tempfile.TemporaryDirectory(prefix="wastewatch-evaluation-") as media,
        override_settings(MEDIA_ROOT=media, STORAGES=_storages_in(media)),
        transaction.atomic(),
    ):
        actor = get_user_model().objects.create(
            username=f"evaluation-{seed}", is_staff=True, is_superuser=True
        )
        city_load(city, actor=actor)
        ticket_rollup_rebuild(since=first)
        detector_train(since=first, until=last)
        # As of the day after the last month's reporting deadline: reproducible whatever the
        # date, and with every month of the city due.
        flags_score(since=first, today=month_add(last, 1).replace(day=16))
        flags = list(
            Flag.objects.values_list(
                "enterprise__credit_code",
                "category__code",
                "waste_code",
                "period",
                "kind",
                "severity",
                "score",
            )
        )
        reported = set(
            LedgerEntry.objects.filter(superseded_at__isnull=True)
            .values_list("enterprise__credit_code", "category__code", "waste_code", "period")
            .distinct()
        )
        transaction.set_rollback(True)
    result = _compare(city, flags, reported)
    result.generator = generator
    return result


def _storages_in(folder: str) -> dict:
    """The project's storages, with uploaded files and artefacts in `folder` instead."""
    default = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": folder},
    }
    return {**settings.STORAGES, "default": default}


class _Cells:
    """Cells are (enterprise, waste, month); a label or flag that names only a category (the
    first generator labels categories; weighbridges weigh categories) stands for every waste of
    that category the enterprise reported that month, or the category itself if none."""

    def __init__(self, reported: set[tuple]) -> None:
        self.reported = {
            (code, waste or category, period) for code, category, waste, period in reported
        }
        self.wastes: dict[tuple, set[str]] = {}
        for code, category, waste, period in reported:
            self.wastes.setdefault((code, category, period), set()).add(waste or category)

    def of(self, code: str, category: str, waste: str, period: date) -> set[Cell]:
        if waste or not category.startswith("HW"):
            return {(code, waste or category, period)}
        wastes = self.wastes.get((code, category, period)) or {category}
        return {(code, w, period) for w in wastes}


def _compare(city, flags: list[tuple], reported: set[tuple]) -> Evaluation:
    result = Evaluation(seed=city.seed)
    cells = _Cells(reported)
    labelled: dict[Cell, set[str]] = {}
    for label in city.labels:
        for cell in cells.of(label.credit_code, label.category, _waste(label), label.period):
            labelled.setdefault(cell, set()).add(label.kind)
    for kinds in labelled.values():
        result.labels.update(kinds)
    rank: dict[Cell, tuple] = {}
    checks: dict[Cell, set[str]] = {}
    for code, category, waste, period, kind, severity, score in flags:
        for cell in cells.of(code, category, waste, period):
            checks.setdefault(cell, set()).add(kind)
            severity_now, _agree, score_now = rank.get(cell, (0, 0, 0.0))
            rank[cell] = (max(severity_now, severity), 0, max(score_now, score or 0.0))
    flagged = set(checks)
    for cell, kinds in checks.items():
        rank[cell] = (rank[cell][0], len(kinds), rank[cell][2])
        for kind in kinds:
            result.flags_by_check[kind] += 1
            if cell in labelled:
                result.true_by_check[kind] += 1
            else:
                result.false_by_check[kind] += 1
    for cell, kinds in labelled.items():
        if cell in flagged:
            result.found.update(kinds)
    hard = set()
    for negative in city.hard_negatives:
        hard |= cells.of(negative.credit_code, negative.category, _waste(negative), negative.period)
    result.flagged = len(flagged)
    result.true_positives = len(flagged & labelled.keys())
    result.labelled_cells = len(labelled)
    clean = (cells.reported | hard) - labelled.keys()
    result.clean_months = len(clean)
    result.clean_flagged = len(clean & flagged)
    result.hard_negatives = len(hard - labelled.keys())
    result.hard_negatives_flagged = len((hard - labelled.keys()) & flagged)
    ordered = sorted(flagged, key=lambda cell: rank[cell], reverse=True)
    result.ranked = [cell in labelled for cell in ordered]
    return result


def _waste(item: Label | HardNegative) -> str:
    """The cell's waste code; the first generator names categories only ("")."""
    return item.waste_code
