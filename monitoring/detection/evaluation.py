"""Measured accuracy: generate a synthetic city with labelled anomalies, push it through the
real ingestion path, detect, and compare the flags with the labels. Everything happens in one
transaction that is rolled back, so an evaluation never leaves data behind.

A flag and a label meet on (enterprise, waste category, month). Per anomaly kind: recall (the
share of its labels flagged by any check) and F1 with the overall precision (a flag does not
say which kind of anomaly it saw, only that the month is anomalous). The false-positive rate is
over clean enterprise-category-months (hard negatives included, and also reported apart).
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction

from monitoring.detection.model import detector_train
from monitoring.detection.services import flags_score
from monitoring.detection.synthetic import city_generate, city_load
from monitoring.models import Detector, Flag, LedgerEntry
from monitoring.rollups import ticket_rollup_rebuild
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


def detector_evaluate(
    *, seed: int, months: int = 24, enterprises: int = 60, anomaly_rate: float = 0.05
) -> Evaluation:
    city = city_generate(
        seed=seed, months=months, enterprises=enterprises, anomaly_rate=anomaly_rate
    )
    first, last = city.periods[0], city.periods[-1]
    with transaction.atomic():
        actor = get_user_model().objects.create(
            username=f"evaluation-{seed}", is_staff=True, is_superuser=True
        )
        city_load(city, actor=actor)
        ticket_rollup_rebuild(since=first)
        detector, _trained = detector_train(since=first, until=last)
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
        for stale in Detector.objects.filter(pk__gte=detector.pk):
            stale.artifact.delete(save=False)
        transaction.set_rollback(True)
    return _compare(city, flags, months_reported)


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
