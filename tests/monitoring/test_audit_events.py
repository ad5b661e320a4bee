"""Uploads, device keys and flag reviews leave a line on `wastewatch.audit` once committed:
who, what and the outcome, never a secret."""

import logging

import pytest

from detection.services import flag_review
from monitoring.services import device_key_issue, device_key_revoke
from tests.monitoring import ledger_upload_helpers
from tests.monitoring.ledger_upload_helpers import BALANCED, rows_csv

send = ledger_upload_helpers.send  # the fixture


@pytest.fixture
def events(caplog):
    caplog.set_level(logging.INFO, logger="wastewatch.audit")
    return lambda: [r.audit for r in caplog.records if r.name == "wastewatch.audit"]


def test_it_logs_an_upload_and_its_outcome(send, events, operator_a):
    batch = send(rows_csv(BALANCED))
    received, finished = events()
    assert received["event"] == "upload.received"
    assert (received["actor"], received["batch"]) == (operator_a.username, batch["id"])
    assert finished["event"] == "upload.finished"
    assert (finished["actor"], finished["status"]) == (operator_a.username, "ingested")
    assert finished["rows_ingested"] == batch["rows_ingested"]


def test_it_logs_a_device_key_without_the_key(
    events, point_a, operator_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        key = device_key_issue(actor=operator_a, point=point_a)
        device_key_revoke(actor=operator_a, point=point_a)
    issued, revoked = events()
    assert (issued["event"], issued["actor"], issued["point"]) == (
        "device_key.issued",
        operator_a.username,
        point_a.pk,
    )
    assert revoked["event"] == "device_key.revoked"
    assert key not in repr(issued) and key not in repr(revoked)
    assert key.startswith(f"ww_{issued['key_prefix']}_")


def test_it_logs_a_flag_review(events, flag_a, regulator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        flag_review(actor=regulator, flag=flag_a, status="dismissed", note="Scale recalibrated.")
    [event] = events()
    assert event == {
        "event": "flag.reviewed",
        "actor": regulator.username,
        "flag": flag_a.pk,
        "status": "dismissed",
    }
