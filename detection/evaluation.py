"""Measured accuracy: generate a synthetic city with labelled anomalies, push it through the
real ingestion path, detect, and compare the flags with the labels. Everything happens in one
transaction that is rolled back, so an evaluation never leaves data behind.

It runs only on a database without a city (a scratch database: every flag there is its own,
and scoring locks and rewrites nothing live), and writes its files (ledger uploads, model
artefacts) to a temporary folder that is removed afterwards, never to MEDIA_ROOT.

A flag and a label meet on (enterprise, waste category, month). Per anomaly kind: recall (the
share of its labels flagged by any check) and F1 with the overall precision (a flag does not
say which kind of anomaly it saw, only that the month is anomalous). The false-positive rate is
over clean enterprise-category-months (hard negatives included, and also reported apart).
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
from detection.synthetic import city_generate, city_load
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

Key = tuple[str, str, date]


@dataclass
class Evaluation:
    seed: int
    labels: Counter = field(default_factory=Counter)
    found: Counter = field(default_factory=Counter)
    flagged: int = 0
    true_positives: int = 0
    clean_months: int = 0
    clean_flagged: int = 0
    hard_negatives: int = 0
    hard_negatives_flagged: int = 0
    flags_by_check: Counter = field(default_factory=Counter)
    false_by_check: Counter = field(default_factory=Counter)

    @property
    def precision(self) -> float:
        return self.true_positives / self.flagged if self.flagged else 1.0

    def recall(self, kind: str | None = None) -> float:
        labelled = self.labels[kind] if kind else sum(self.labels.values())
        found = self.found[kind] if kind else sum(self.found.values())
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
    *, seed: int, months: int = 24, enterprises: int = 60, anomaly_rate: float = 0.05
) -> Evaluation:
    """Raises NotAScratchDatabase when the database holds a city (see the module's note)."""
    found = city_data_found()
    if found:
        raise NotAScratchDatabase(found)
    city = city_generate(
        seed=seed, months=months, enterprises=enterprises, anomaly_rate=anomaly_rate
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
            Flag.objects.values_list("enterprise__credit_code", "category__code", "period", "kind")
        )
        months_reported = set(
            LedgerEntry.objects.values_list(
                "enterprise__credit_code", "category__code", "period"
            ).distinct()
        )
        transaction.set_rollback(True)
    return _compare(city, flags, months_reported)


def _storages_in(folder: str) -> dict:
    """The project's storages, with uploaded files and artefacts in `folder` instead."""
    default = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": folder},
    }
    return {**settings.STORAGES, "default": default}


def _compare(city, flags: list[tuple], months_reported: set[Key]) -> Evaluation:
    result = Evaluation(seed=city.seed)
    flagged: set[Key] = set()
    for code, category, period, kind in flags:
        flagged.add((code, category, period))
        result.flags_by_check[kind] += 1
    labelled: dict[Key, set[str]] = {}
    for label in city.labels:
        labelled.setdefault((label.credit_code, label.category, label.period), set()).add(
            label.kind
        )
        result.labels[label.kind] += 1
        if (label.credit_code, label.category, label.period) in flagged:
            result.found[label.kind] += 1
    for code, category, period, kind in flags:
        if (code, category, period) not in labelled:
            result.false_by_check[kind] += 1
    hard = {(n.credit_code, n.category, n.period) for n in city.hard_negatives}
    result.flagged = len(flagged)
    result.true_positives = len(flagged & labelled.keys())
    clean = (months_reported | hard) - labelled.keys()
    result.clean_months = len(clean)
    result.clean_flagged = len(clean & flagged)
    result.hard_negatives = len(hard - labelled.keys())
    result.hard_negatives_flagged = len((hard - labelled.keys()) & flagged)
    return result
