"""A declaration is issued like a report: the same figures make no new version; a correction
then a re-issue makes version 2, which names the corrected figure, and version 1 stays."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from monitoring.models import LedgerEntry
from reports.models import ComplianceReport
from reports.services import report_issue

JAN = date(2026, 1, 1)


def test_a_second_issue_with_no_new_data_makes_no_version(declaring_city):
    h1 = declaring_city["H1"]
    first = report_issue(park=None, enterprise=h1, span="quarter", period=date(2026, 3, 1))
    again = report_issue(park=None, enterprise=h1, span="quarter", period=JAN)
    assert first.created and not again.created and again.report == first.report
    report = first.report
    assert (report.scope, report.span, report.period, report.park) == (
        "enterprise",
        "quarter",
        JAN,
        None,
    )
    assert str(report) == f"{h1.credit_code} 2026-Q1 zh-hans v1"
    assert sorted(f.file.name.rsplit("/", 1)[1] for f in report.files.all()) == [
        f"{h1.credit_code}-2026-Q1-zh-hans-v1.pdf",
        f"{h1.credit_code}-2026-Q1-zh-hans-v1.xlsx",
        f"{h1.credit_code}-2026-Q1-zh-hans-v1.zip",
    ]
    # The month's, the quarter's and the year's are separate declarations.
    report_issue(park=None, enterprise=h1, span="month", period=JAN)
    assert ComplianceReport.objects.filter(enterprise=h1).count() == 2


def test_a_correction_in_the_quarters_second_month_makes_version_2(declaring_city):
    h1 = declaring_city["H1"]
    v1 = report_issue(park=None, enterprise=h1, span="quarter", period=JAN).report
    old = LedgerEntry.objects.get(
        enterprise=h1, period=date(2026, 2, 1), flow="generated", waste_code="900-249-08"
    )
    LedgerEntry.objects.filter(pk=old.pk).update(superseded_at=timezone.now())
    LedgerEntry.objects.create(
        enterprise=h1,
        category=old.category,
        waste_code=old.waste_code,
        period=old.period,
        flow="generated",
        quantity_t=Decimal("11"),
        source="api",
    )
    v2 = report_issue(park=None, enterprise=h1, span="quarter", period=JAN)
    assert v2.created and v2.report.version == 2
    assert v2.report.changes["corrections"] == [
        {
            "enterprise_id": h1.pk,
            "category": "HW08",
            "waste_code": "900-249-08",
            "flow": "generated",
            "counterparty": "",
            "before_t": 10.0,
            "after_t": 11.0,
        }
    ]
    v1.refresh_from_db()
    assert v1.version == 1 and v1.files.count() == 3
    assert v1.figures_sha256 != v2.report.figures_sha256


def test_city_and_park_reports_stay_monthly(declaring_city, park_a):
    with pytest.raises(ValueError):
        report_issue(park=park_a, period=JAN, span="quarter")
    with pytest.raises(ValueError):
        report_issue(park=park_a, enterprise=declaring_city["H1"], period=JAN)
