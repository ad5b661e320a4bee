"""The model: one scikit-learn Pipeline (robust scaling, then an IsolationForest) over the
monthly features, trained on the platform's own history and versioned in the Detector
registry. Unchanged training data means no retraining; an artefact written by another
scikit-learn version, or whose hash does not match, is retrained rather than trusted."""

import hashlib
import io
import warnings
from datetime import date

import joblib
import numpy as np
import sklearn
from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from sklearn.ensemble import IsolationForest
from sklearn.exceptions import InconsistentVersionWarning
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import RobustScaler

from detection.candidates import Candidate, Severity
from detection.features import FEATURES, monthly_features
from detection.loader import DetectionData
from detection.models import Detector

FORMAT_VERSION = 2  # 2: features per waste code (1: per category)
PARAMETERS = {"n_estimators": 200, "max_samples": "auto", "random_state": 20190429}
ALGORITHM = "RobustScaler + IsolationForest"
# The features each rule judges with its own bar, calibrated to the series (generation
# against its own variability, weighed against reported within the weighbridge's precision,
# stock carried, repeated weights). A month the model finds unusual only through one of these
# groups is that rule's to judge: flagging it at the model's lower bar would raise again what
# the rule deliberately let pass, or say twice what it already says.
RULE_FEATURES = {
    "generation_change": (
        "generation_vs_history",
        "generation_vs_last_year",
        "intensity_vs_history",
        "intensity_vs_last_year",
    ),
    "measured_vs_reported": ("measured_gap",),
    "stock_carry": ("stock_carry_gap",),
    "device_quality": ("repeated_weights",),
}


def build_pipeline(**parameters) -> Pipeline:
    return Pipeline(
        [
            ("scale", RobustScaler()),
            ("forest", IsolationForest(**{**PARAMETERS, **parameters})),
        ]
    )


def _fingerprint(matrix: np.ndarray, parameters: dict) -> str:
    digest = hashlib.sha256(np.round(matrix, 9).tobytes())
    digest.update(repr(sorted(parameters.items())).encode())
    digest.update(sklearn.__version__.encode())
    return digest.hexdigest()


def training_matrix(*, since: date, until: date) -> tuple[np.ndarray, int]:
    frame = monthly_features(DetectionData(since=since, today=until))
    frame = frame[frame["period"] <= until]
    return frame[FEATURES].to_numpy(dtype=float), len(frame)


def detector_train(*, since: date, until: date, **parameters) -> tuple[Detector, bool]:
    """Train on the features of [since, until]; returns (detector, trained). A detector
    already trained on the same matrix, parameters and scikit-learn version is returned as is."""
    matrix, rows = training_matrix(since=since, until=until)
    if rows < 20:
        raise ValueError(f"Too little history to train on: {rows} enterprise-category-months.")
    parameters = {**PARAMETERS, **parameters}
    fingerprint = _fingerprint(matrix, parameters)
    existing = Detector.objects.filter(
        data_fingerprint=fingerprint, format_version=FORMAT_VERSION
    ).first()
    if existing is not None and detector_load(existing) is not None:
        return existing, False
    pipeline = build_pipeline(**parameters).fit(matrix)
    raw = -pipeline.score_samples(matrix)
    metrics = {
        "raw_score_quantiles": {
            q: float(np.quantile(raw, float(q))) for q in ("0.5", "0.9", "0.99", "0.999")
        },
        "feature_medians": dict(zip(FEATURES, np.median(matrix, axis=0).tolist(), strict=True)),
    }
    buffer = io.BytesIO()
    joblib.dump(pipeline, buffer)
    content = buffer.getvalue()
    detector = Detector(
        algorithm=ALGORITHM,
        parameters=parameters,
        features=FEATURES,
        trained_from=since,
        trained_until=until,
        training_rows=rows,
        data_fingerprint=fingerprint,
        sklearn_version=sklearn.__version__,
        format_version=FORMAT_VERSION,
        metrics=metrics,
        artifact_sha256=hashlib.sha256(content).hexdigest(),
    )
    detector.artifact.save(f"detector-{fingerprint[:16]}.joblib", ContentFile(content), save=False)
    detector.save()
    return detector, True


def detector_load(detector: Detector) -> Pipeline | None:
    """The detector's pipeline, or None when it cannot be trusted (other scikit-learn or
    format version, artefact missing or altered): the caller retrains."""
    if detector.sklearn_version != sklearn.__version__ or detector.format_version != FORMAT_VERSION:
        return None
    try:
        with detector.artifact.open("rb") as handle:
            content = handle.read()
    except (FileNotFoundError, ValueError):
        return None
    if hashlib.sha256(content).hexdigest() != detector.artifact_sha256:
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("error", InconsistentVersionWarning)
        try:
            return joblib.load(io.BytesIO(content))
        except InconsistentVersionWarning:
            return None


def calibrated_scores(pipeline: Pipeline, matrix: np.ndarray, detector: Detector) -> np.ndarray:
    """Scores in [0, 1]: 0 at the training median, 1 at the training's 99.9th percentile."""
    quantiles = detector.metrics["raw_score_quantiles"]
    low, high = quantiles["0.5"], quantiles["0.999"]
    raw = -pipeline.score_samples(matrix)
    return np.clip((raw - low) / max(high - low, 1e-9), 0.0, 1.0)


def unusual_features(pipeline: Pipeline, row: np.ndarray, count: int = 2) -> list[int]:
    """Indexes of the features furthest from typical in robust units: what to tell the
    inspector first."""
    scaled = np.abs(pipeline.named_steps["scale"].transform(row.reshape(1, -1))[0])
    order = [int(i) for i in np.argsort(-scaled)[:count]]
    return [order[0], *(i for i in order[1:] if scaled[i] >= 1.5)]


class ModelUnavailable(Exception):
    """No trained detector can be trusted: the model check is skipped (its flags are kept)
    until `train_detector` runs. Scoring never trains: training is the training job's."""


def latest_pipeline() -> tuple[Detector, Pipeline]:
    """The newest detector whose artefact can be trusted, or ModelUnavailable saying why."""
    detectors = Detector.objects.order_by("-created_at", "-pk")
    if not detectors.exists():
        raise ModelUnavailable(_("No detector has been trained yet; run train_detector."))
    for detector in detectors.iterator():
        pipeline = detector_load(detector)
        if pipeline is not None:
            return detector, pipeline
    raise ModelUnavailable(
        _(
            "No trained detector can be used (artefacts missing, altered, or from another "
            "scikit-learn version); run train_detector."
        )
    )


def explained_by_a_rule(pipeline: Pipeline, row: np.ndarray) -> bool:
    """Whether every feature that makes the row unusual (≥ 1.5 robust units from typical, and
    the furthest in any case) is one rule's: then that rule, not the model, judges the month."""
    scaled = np.abs(pipeline.named_steps["scale"].transform(row.reshape(1, -1))[0])
    unusual = {FEATURES[i] for i in np.flatnonzero(scaled >= 1.5)}
    unusual.add(FEATURES[int(np.argmax(scaled))])
    return any(unusual <= set(features) for features in RULE_FEATURES.values())


def model_candidates(data: DetectionData) -> list[Candidate]:
    """Enterprise-waste-months the model finds unusual, with the features that make them so,
    except where one rule's features alone make them so (`explained_by_a_rule`).
    ModelUnavailable before a detector has been trained (`train_detector`, monthly)."""
    detector, pipeline = latest_pipeline()
    frame = monthly_features(data)
    if frame.empty:
        return []
    matrix = frame[FEATURES].to_numpy(dtype=float)
    scores = calibrated_scores(pipeline, matrix, detector)
    threshold = float(settings.DETECTION_THRESHOLDS["model_score"])
    medians = detector.metrics["feature_medians"]
    candidates = []
    for index in np.flatnonzero(scores >= threshold):
        if explained_by_a_rule(pipeline, matrix[index]):
            continue
        row = frame.iloc[index]
        score = float(scores[index])
        severity = (
            Severity.HIGH if score >= 0.95 else Severity.MEDIUM if score >= 0.9 else Severity.LOW
        )
        features = [
            {
                "name": FEATURES[i],
                "value": round(float(matrix[index, i]), 4),
                "typical": round(float(medians[FEATURES[i]]), 4),
            }
            for i in unusual_features(pipeline, matrix[index])
        ]
        candidate = Candidate(
            int(row["enterprise_id"]),
            int(row["category_id"]),
            row["period"],
            "model",
            severity,
            [{"code": "model", "score": round(score, 2), "features": features}],
            score=score,
            detector_id=detector.pk,
            evidence=[round(float(value), 6) for value in matrix[index]],
            waste_code=row["waste_code"],
        )
        candidates.append(candidate)
    return candidates
