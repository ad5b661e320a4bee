"""The yearly workflow through the services: draft → submitted → returned → submitted →
approved (frozen) → revised as version 2."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from evaluation import services
from evaluation.models import IndicatorValue, ParkEvaluation
from evaluation.services import ValueInput
from tests.evaluation.conftest import fill


@pytest.fixture
def draft(edition, park_a, operator_a) -> ParkEvaluation:
    return services.evaluation_create(actor=operator_a, park=park_a, year=2025)


def test_it_goes_from_draft_to_approved_through_a_return(draft, operator_a, regulator):
    fill(draft, operator_a, drop=(6,))
    services.evaluation_submit(actor=operator_a, evaluation=draft)  # #6 missing: allowed
    with pytest.raises(ValidationError):
        services.evaluation_return(actor=regulator, evaluation=draft, comment="  ")
    services.evaluation_return(actor=regulator, evaluation=draft, comment="请补填第6项")
    draft.refresh_from_db()
    assert (draft.status, draft.review_comment, draft.reviewed_by) == (
        "returned",
        "请补填第6项",
        regulator,
    )
    services.indicator_values_set(
        actor=operator_a, evaluation=draft, items=[ValueInput(indicator=6, value=D("96.5"))]
    )
    services.evaluation_submit(actor=operator_a, evaluation=draft)
    services.evaluation_approve(actor=regulator, evaluation=draft)
    draft.refresh_from_db()
    assert (draft.status, draft.score, draft.passed, draft.submitted_by) == (
        "approved",
        D("100.00"),
        True,
        operator_a,
    )
    assert draft.score_detail["gi"] == "100.00"


def test_an_approved_evaluation_is_frozen(draft, operator_a, regulator):
    fill(draft, operator_a)
    services.evaluation_submit(actor=operator_a, evaluation=draft)
    services.evaluation_approve(actor=regulator, evaluation=draft)
    with pytest.raises(ValidationError, match="frozen"):
        services.indicator_values_set(
            actor=operator_a, evaluation=draft, items=[ValueInput(indicator=1, value=D("1"))]
        )
    with pytest.raises(ValidationError, match="frozen"):
        services.evaluation_eligibility_set(
            actor=operator_a, evaluation=draft, items={"scope": {"met": False}}
        )
    with pytest.raises(ValidationError):
        services.evaluation_submit(actor=operator_a, evaluation=draft)
    assert IndicatorValue.objects.get(evaluation=draft, indicator__number=1).value == D("3")


def test_revising_makes_version_2_as_a_draft_with_the_values(draft, operator_a, regulator):
    fill(draft, operator_a)
    services.evaluation_submit(actor=operator_a, evaluation=draft)
    services.evaluation_approve(actor=regulator, evaluation=draft)
    revision = services.evaluation_revise(actor=operator_a, evaluation=draft)
    assert (revision.version, revision.status, revision.year) == (2, "draft", 2025)
    draft.refresh_from_db()
    assert revision.eligibility == draft.eligibility
    assert revision.values.count() == draft.values.count() == 18
    services.indicator_values_set(
        actor=operator_a, evaluation=revision, items=[ValueInput(indicator=1, value=D("2.4"))]
    )
    assert draft.values.get(indicator__number=1).value == D("3")  # v1 untouched
    with pytest.raises(ValidationError, match="newer"):
        services.evaluation_revise(actor=operator_a, evaluation=draft)


def test_only_submitted_evaluations_are_reviewed(draft, operator_a, regulator):
    with pytest.raises(ValidationError):
        services.evaluation_approve(actor=regulator, evaluation=draft)
    with pytest.raises(ValidationError):
        services.evaluation_return(actor=regulator, evaluation=draft, comment="?")
    with pytest.raises(ValidationError):
        services.evaluation_revise(actor=operator_a, evaluation=draft)


def test_each_role_does_its_part(draft, operator_a, operator_b, regulator, staff_admin, park_a):
    with pytest.raises(PermissionDenied):
        services.indicator_values_set(
            actor=regulator, evaluation=draft, items=[ValueInput(indicator=1, value=D("3"))]
        )
    with pytest.raises(PermissionDenied):
        services.indicator_values_set(
            actor=operator_b, evaluation=draft, items=[ValueInput(indicator=1, value=D("3"))]
        )
    with pytest.raises(PermissionDenied):
        services.evaluation_create(actor=regulator, park=park_a, year=2024)
    with pytest.raises(PermissionDenied):
        services.evaluation_submit(actor=regulator, evaluation=draft)
    services.evaluation_submit(actor=operator_a, evaluation=draft)
    with pytest.raises(PermissionDenied):
        services.evaluation_approve(actor=operator_a, evaluation=draft)
    services.evaluation_approve(actor=staff_admin, evaluation=draft)  # staff may do anything


def test_it_starts_one_evaluation_per_park_and_past_year(draft, operator_a, park_a):
    with pytest.raises(ValidationError, match="revise"):
        services.evaluation_create(actor=operator_a, park=park_a, year=2025)
    with pytest.raises(ValidationError):
        services.evaluation_create(actor=operator_a, park=park_a, year=2999)


def test_it_saves_all_values_or_none(draft, operator_a):
    with pytest.raises(services.ValuesRejected) as rejected:
        services.indicator_values_set(
            actor=operator_a,
            evaluation=draft,
            items=[
                ValueInput(indicator=1, value=D("3")),
                ValueInput(indicator=12, value=D("1")),  # qualitative: takes met
                ValueInput(indicator=2, met=True),  # quantitative: takes a value
                ValueInput(indicator=32),  # no such indicator
                ValueInput(indicator=1, value=D("4")),  # twice
            ],
        )
    assert [(e["item"], e["indicator"]) for e in rejected.value.items] == [
        (2, 12),
        (3, 2),
        (4, 32),
        (5, 1),
    ]
    assert not draft.values.exists()


def test_it_records_a_value_that_cannot_be_computed(draft, operator_a):
    (value,) = services.indicator_values_set(
        actor=operator_a,
        evaluation=draft,
        items=[ValueInput(indicator=23, note="not computable: no industrial value added")],
    )
    assert value.value is None and value.source == "entered" and value.updated_by == operator_a


def test_it_keeps_evidence_files(draft, operator_a):
    pdf = SimpleUploadedFile("监测报告.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    value = services.indicator_value_set(
        actor=operator_a,
        evaluation=draft,
        indicator=draft.edition.indicators.get(number=25),
        value=D("82.5"),
        evidence=pdf,
    )
    assert value.evidence.name.startswith("evaluation/evidence/") and value.value == D("82.5")
    with pytest.raises(ValidationError):
        services.indicator_evidence_attach(
            actor=operator_a,
            evaluation=draft,
            indicator=draft.edition.indicators.get(number=25),
            evidence=SimpleUploadedFile("run.exe", b"MZ"),
        )


def test_eligibility_takes_only_the_editions_requirements(draft, operator_a):
    with pytest.raises(ValidationError, match="Unknown"):
        services.evaluation_eligibility_set(
            actor=operator_a, evaluation=draft, items={"no_such": {"met": True}}
        )
    services.evaluation_eligibility_set(
        actor=operator_a, evaluation=draft, items={"scope": {"met": True, "evidence": "批复文件"}}
    )
    draft.refresh_from_db()
    assert draft.eligibility == {"scope": {"met": True, "evidence": "批复文件"}}
