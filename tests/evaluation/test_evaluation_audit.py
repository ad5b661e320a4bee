"""Evaluation decisions are logged on `wastewatch.audit` once committed, with the reviewer
and the park; a refused action logs nothing."""

import logging

import pytest
from django.core.exceptions import PermissionDenied

from evaluation import services
from evaluation.services import evaluation_approve, evaluation_return, evaluation_submit


@pytest.fixture
def audit_log(caplog):
    caplog.set_level(logging.INFO, logger="wastewatch.audit")
    return caplog


@pytest.fixture
def submitted_evaluation(edition, park_a, operator_a):
    evaluation = services.evaluation_create(actor=operator_a, park=park_a, year=2025)
    return services.evaluation_submit(actor=operator_a, evaluation=evaluation)


def _events(caplog) -> list[dict]:
    return [r.audit for r in caplog.records if r.name == "wastewatch.audit"]


def test_it_logs_an_approval_with_its_reviewer_and_park(
    audit_log, django_capture_on_commit_callbacks, submitted_evaluation, regulator
):
    with django_capture_on_commit_callbacks(execute=True):
        evaluation_approve(actor=regulator, evaluation=submitted_evaluation)
    [event] = _events(audit_log)
    assert event["event"] == "evaluation.approved"
    assert event["actor"] == regulator.username
    assert event["park"] == submitted_evaluation.park.code
    assert event["year"] == submitted_evaluation.year


def test_it_logs_a_return_and_a_submission(
    audit_log, django_capture_on_commit_callbacks, submitted_evaluation, regulator, operator_a
):
    with django_capture_on_commit_callbacks(execute=True):
        evaluation = evaluation_return(
            actor=regulator, evaluation=submitted_evaluation, comment="Evidence for #6."
        )
        evaluation_submit(actor=operator_a, evaluation=evaluation)
    assert [e["event"] for e in _events(audit_log)] == [
        "evaluation.returned",
        "evaluation.submitted",
    ]


def test_it_logs_nothing_for_an_action_that_was_refused(
    audit_log, django_capture_on_commit_callbacks, submitted_evaluation, operator_a
):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(PermissionDenied):
        evaluation_approve(actor=operator_a, evaluation=submitted_evaluation)
    assert _events(audit_log) == []
