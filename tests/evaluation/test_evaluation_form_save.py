"""The evaluation form's "save everything" service: values, basic requirements and evidence
files in one transaction, all saved or none."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from evaluation import services
from evaluation.models import ParkEvaluation
from tests.evaluation.conftest import approved, fill, items

SCOPE_MET = {"scope": {"met": True, "evidence": "园区批复文件"}}


@pytest.fixture
def draft(edition, park_a, operator_a) -> ParkEvaluation:
    return services.evaluation_create(actor=operator_a, park=park_a, year=2025)


def _indicator(evaluation: ParkEvaluation, number: int):
    return evaluation.edition.indicators.get(number=number)


def test_it_saves_values_requirements_and_evidence_at_once(draft, operator_a):
    pdf = SimpleUploadedFile("能源审计.pdf", b"%PDF-1.4", content_type="application/pdf")
    services.evaluation_form_save(
        actor=operator_a,
        evaluation=draft,
        values=items({1: "2.5", 12: True}),
        eligibility=SCOPE_MET,
        evidence=[(_indicator(draft, 1), pdf)],
    )
    draft.refresh_from_db()
    one = draft.values.get(indicator__number=1)
    assert one.value == 2.5 and one.evidence.name.endswith(".pdf")
    assert draft.values.get(indicator__number=12).met is True
    assert draft.eligibility == SCOPE_MET


def test_a_refused_evidence_file_saves_nothing_and_names_its_indicator(draft, operator_a):
    script = SimpleUploadedFile("run.exe", b"MZ", content_type="application/octet-stream")
    with pytest.raises(services.EvidenceRejected) as refused:
        services.evaluation_form_save(
            actor=operator_a,
            evaluation=draft,
            values=items({1: "2.5"}),
            eligibility=SCOPE_MET,
            evidence=[(_indicator(draft, 6), script)],
        )
    assert refused.value.indicator == 6
    draft.refresh_from_db()
    assert not draft.values.exists() and draft.eligibility == {}


def test_a_refused_value_saves_nothing(draft, operator_a):
    with pytest.raises(services.ValuesRejected) as refused:
        services.evaluation_form_save(
            actor=operator_a,
            evaluation=draft,
            values=items({1: "2.5", 99: "1"}),
            eligibility=SCOPE_MET,
            evidence=[],
        )
    assert [item["indicator"] for item in refused.value.items] == [99]
    draft.refresh_from_db()
    assert not draft.values.exists() and draft.eligibility == {}


def test_an_approved_evaluation_is_refused(draft, operator_a, regulator):
    evaluation = approved(fill(draft, operator_a), operator_a, regulator)
    with pytest.raises(ValidationError) as refused:
        services.evaluation_form_save(
            actor=operator_a,
            evaluation=evaluation,
            values=items({1: "2.5"}),
            eligibility={},
            evidence=[],
        )
    assert not isinstance(refused.value, services.EvidenceRejected)
