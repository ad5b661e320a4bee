"""Issuing is idempotent and an issued report immutable: a correction then a re-issue makes
version 2, which says what changed, and version 1 keeps its files and hashes."""

import hashlib
from datetime import date
from decimal import Decimal

from django.utils import timezone

from monitoring.models import LedgerEntry
from reports.models import ComplianceReport
from reports.services import report_issue

JAN = date(2026, 1, 1)


def _hashes(report: ComplianceReport) -> dict[str, str]:
    found = {}
    for stored in report.files.all():
        with stored.file.open("rb") as handle:
            found[stored.format] = hashlib.sha256(handle.read()).hexdigest()
    return found


def test_a_second_issue_with_no_new_data_makes_no_version(report_city, park_a):
    first = report_issue(park=park_a, period=JAN)
    again = report_issue(park=park_a, period=JAN)
    assert first.created and not again.created
    assert again.report == first.report
    assert ComplianceReport.objects.count() == 1


def test_a_correction_then_a_reissue_makes_version_2_and_keeps_version_1(report_city, park_a):
    v1 = report_issue(park=park_a, period=JAN).report
    before = _hashes(v1)
    assert before == {f.format: f.sha256 for f in v1.files.all()}
    g1 = report_city["G1"]
    old = LedgerEntry.objects.get(
        enterprise=g1, period=JAN, category__code="SW01", flow="utilised", superseded_at=None
    )
    LedgerEntry.objects.filter(pk=old.pk).update(superseded_at=timezone.now())
    LedgerEntry.objects.create(
        enterprise=g1,
        category=old.category,
        period=JAN,
        flow="utilised",
        quantity_t=Decimal("420"),
        source="api",
    )
    v2 = report_issue(park=park_a, period=JAN)
    assert v2.created and v2.report.version == 2
    assert v2.report.changes["previous_version"] == 1
    assert v2.report.changes["corrections"] == [
        {
            "enterprise_id": g1.pk,
            "category": "SW01",
            "waste_code": "",
            "flow": "utilised",
            "counterparty": "",
            "before_t": 400.0,
            "after_t": 420.0,
        }
    ]
    v1.refresh_from_db()
    assert _hashes(v1) == before
    assert v2.report.figures_sha256 != v1.figures_sha256
