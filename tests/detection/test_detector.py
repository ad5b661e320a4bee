"""The model: a reproducible Pipeline, versioned in the Detector registry, retrained only when
its data changed or its artefact cannot be trusted, raising flags with readable reasons."""

import re
from datetime import date

import numpy as np
import pytest
from django.utils import translation

from detection.features import FEATURES, monthly_features
from detection.loader import DetectionData
from detection.model import build_pipeline, detector_load, detector_train
from detection.models import Detector, Flag
from detection.reasons import reason_text
from detection.services import flags_score
from monitoring.models import LedgerEntry, WasteCategory
from tests.factories import EnterpriseFactory


@pytest.fixture
def history(park_a, catalogue, settings, tmp_path):
    """Ten steel works reporting slag since 2025: steady, except one that triples its generation
    in 2026-10 and leaves the extra out of the rest of its ledger (an unbalanced month)."""
    settings.MEDIA_ROOT = tmp_path
    slag = WasteCategory.objects.get(code="SW01")
    rng = np.random.default_rng(1)
    works = [EnterpriseFactory(park=park_a, industry_code="3120") for _ in range(10)]
    entries = []
    for index, works_ in enumerate(works):
        for month in range(1, 23):
            generated = 1000 * (1 + index / 10) * rng.uniform(0.9, 1.1)
            utilised = generated * rng.uniform(0.99, 1.0)  # within the balance tolerance
            if index == 0 and month == 22:
                generated *= 3
            for flow, quantity in (("generated", generated), ("utilised", utilised)):
                entries.append(
                    LedgerEntry(
                        enterprise=works_,
                        category=slag,
                        period=date(2025 + (month - 1) // 12, (month - 1) % 12 + 1, 1),
                        flow=flow,
                        quantity_t=round(quantity, 3),
                        source="api",
                    )
                )
    LedgerEntry.objects.bulk_create(entries)
    return works


def test_the_features_compare_a_month_with_its_own_past(history):
    frame = monthly_features(DetectionData(since=date(2026, 10, 1), today=date(2026, 11, 20)))
    spiking = frame[frame["enterprise_id"] == history[0].pk].iloc[0]
    assert spiking["generation_vs_history"] == pytest.approx(np.log(3), abs=0.25)
    assert spiking["balance_residual"] == pytest.approx(2 / 3, abs=0.01)
    others = frame[frame["enterprise_id"] != history[0].pk]
    assert (others["generation_vs_history"].abs() < 0.25).all()
    assert (others["balance_residual"].abs() < 0.011).all()


def test_the_pipeline_is_reproducible():
    matrix = np.random.default_rng(0).normal(size=(200, len(FEATURES)))
    first = build_pipeline().fit(matrix).score_samples(matrix)
    second = build_pipeline().fit(matrix).score_samples(matrix)
    assert np.array_equal(first, second)


def test_training_again_on_the_same_data_does_nothing(history):
    detector, trained = detector_train(since=date(2026, 1, 1), until=date(2026, 10, 1))
    assert trained and detector.training_rows == 100  # 2026-01 to 2026-10, 10 works
    assert detector.sklearn_version and len(detector.artifact_sha256) == 64
    again, trained_again = detector_train(since=date(2026, 1, 1), until=date(2026, 10, 1))
    assert (again.pk, trained_again) == (detector.pk, False)


def test_an_artifact_from_another_version_or_altered_is_not_trusted(history):
    detector, _ = detector_train(since=date(2026, 1, 1), until=date(2026, 10, 1))
    assert detector_load(detector) is not None
    Detector.objects.filter(pk=detector.pk).update(sklearn_version="0.0.1")
    detector.refresh_from_db()
    assert detector_load(detector) is None
    Detector.objects.filter(pk=detector.pk).update(sklearn_version=detector.sklearn_version)
    detector.artifact_sha256 = "0" * 64
    assert detector_load(detector) is None


def test_the_model_flags_the_unbalanced_spike_and_says_why(history):
    detector_train(since=date(2026, 1, 1), until=date(2026, 10, 1))
    flags_score(since=date(2026, 10, 1), rules=["model"])
    flag = Flag.objects.get(kind="model")
    assert flag.enterprise == history[0]
    assert flag.detector is not None and flag.score >= 0.8
    with translation.override("en"):
        text = reason_text(flag.reasons[0])
    assert re.search(
        r"generation [23]\.\d× the enterprise's median of the previous 12 months", text
    ), text
    assert "ledger residual 67 % of inputs" in text
    assert flags_score(since=date(2026, 10, 1), rules=["model"]).unchanged == 1


def test_the_model_leaves_to_a_rule_what_only_that_rule_s_features_show(history):
    """A spike of generation alone is generation_change's to judge, at its own bar."""
    works = history[0]
    LedgerEntry.objects.filter(enterprise=works, period=date(2026, 10, 1), flow="utilised").update(
        quantity_t=LedgerEntry.objects.get(
            enterprise=works, period=date(2026, 10, 1), flow="generated"
        ).quantity_t
    )
    detector_train(since=date(2026, 1, 1), until=date(2026, 10, 1))
    flags_score(since=date(2026, 10, 1), rules=["model"])
    assert not Flag.objects.filter(kind="model").exists()
