"""The schedule issues each unit's declarations by its tier: a key supervised unit's every
month, a simplified management unit's after a quarter's last month, and every unit's annual
one for the previous year in the runs after December, January and February."""

from datetime import date

from reports.declaration import declarations_due_after
from reports.models import ComplianceReport
from reports.services import reports_issue_month


def _due(period: date) -> list[tuple[str, str, str]]:
    return [(e.name, span, f"{start}") for e, span, start in declarations_due_after(period)]


def test_the_months_declarations_by_tier(declaring_city):
    # H1: key supervision; G1: simplified management; R1, B1: no hazardous-waste tier.
    assert _due(date(2026, 4, 1)) == [("H1", "month", "2026-04-01")]
    assert sorted(_due(date(2026, 3, 1))) == [
        ("G1", "quarter", "2026-01-01"),
        ("H1", "month", "2026-03-01"),
    ]


def test_the_annual_declarations_of_every_unit_until_the_march_deadline(declaring_city):
    december = sorted(_due(date(2025, 12, 1)))
    assert december == [
        ("B1", "year", "2025-01-01"),
        ("G1", "quarter", "2025-10-01"),
        ("G1", "year", "2025-01-01"),
        ("H1", "month", "2025-12-01"),
        ("H1", "year", "2025-01-01"),
        ("R1", "year", "2025-01-01"),
    ]
    assert ("R1", "year", "2025-01-01") in _due(date(2026, 2, 1))
    assert not [d for d in _due(date(2026, 3, 1)) if d[1] == "year"]


def test_the_monthly_run_issues_them_with_the_reports(declaring_city):
    reports_issue_month(period=date(2026, 3, 1))
    declarations = ComplianceReport.objects.filter(scope="enterprise")
    assert sorted((r.enterprise.name, r.span, r.period) for r in declarations) == [
        ("G1", "quarter", date(2026, 1, 1)),
        ("H1", "month", date(2026, 3, 1)),
    ]
    assert ComplianceReport.objects.filter(scope__in=["city", "park"]).count() == 3
