"""Flags, reviews and detectors move from monitoring to detection without losing a row: the
tables are taken over, then renamed; the content types follow."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("monitoring", "0008_upload_batch_dedup_per_uploader"), ("detection", None)]
AFTER = [("detection", "0003_flag_per_waste_code")]


CONTENT_TYPES = ("contenttypes", "0002_remove_content_type_name")


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state([CONTENT_TYPES, *(t for t in targets if t[1])]).apps


@pytest.fixture
def back_to_latest():
    """Whatever happens, the next test finds the schema of today's models."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_flags_reviews_and_detectors_keep_their_rows(enterprise_a, catalogue, back_to_latest):
    old = _migrate(BEFORE)
    category = old.get_model("monitoring", "WasteCategory").objects.get(code="SW01")
    detector = old.get_model("monitoring", "Detector").objects.create(
        algorithm="IsolationForest",
        trained_from=date(2025, 1, 1),
        trained_until=date(2025, 12, 1),
        training_rows=10,
        data_fingerprint="f",
        sklearn_version="1.5",
        artifact="detectors/x.joblib",
        artifact_sha256="a",
    )
    flag = old.get_model("monitoring", "Flag").objects.create(
        enterprise_id=enterprise_a.pk,
        category=category,
        period=date(2025, 10, 1),
        kind="model",
        severity=2,
        detector=detector,
        reasons=[{"code": "model"}],
        fingerprint="x",
    )
    old.get_model("monitoring", "FlagReview").objects.create(flag=flag, status="dismissed")
    ContentType = old.get_model("contenttypes", "ContentType")
    ContentType.objects.get_or_create(app_label="monitoring", model="flag")

    new = _migrate(AFTER)

    moved = new.get_model("detection", "Flag").objects.get(pk=flag.pk)
    assert (moved.kind, moved.waste_code, moved.detector_id) == ("model", "", detector.pk)
    assert new.get_model("detection", "FlagReview").objects.get(flag=moved).status == "dismissed"
    assert new.get_model("detection", "Detector").objects.count() == 1
    content_type = new.get_model("contenttypes", "ContentType").objects.get(model="flag")
    assert content_type.app_label == "detection"
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
    assert "detection_flag" in tables and "monitoring_flag" not in tables
