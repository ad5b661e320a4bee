from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from reports.models import ComplianceReport


def test_it_issues_the_city_and_every_park_once(report_city):
    out = StringIO()
    call_command("issue_reports", "--period", "2026-01", stdout=out)
    call_command("issue_reports", "--period", "2026-01", stdout=out)
    assert ComplianceReport.objects.count() == 3  # the city, PA, PB: once each
    assert out.getvalue().count("unchanged, not issued again") == 3


def test_it_issues_one_parks_report_in_english(report_city):
    call_command(
        "issue_reports", "--period", "2026-01", "--scope", "park", "PB", "--language", "en"
    )
    [report] = ComplianceReport.objects.all()
    assert (report.park.code, report.language, report.version) == ("PB", "en", 1)


@pytest.mark.parametrize(
    "args, message",
    [
        (["--period", "2026-1x"], "--period must be YYYY-MM"),
        (["--period", "2026-01", "--scope", "park", "NOPE"], "No park has the code 'NOPE'"),
    ],
)
def test_it_says_what_is_wrong(db, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("issue_reports", *args)


def test_the_demo_issues_its_last_three_months_once(report_city):
    call_command("load_demo_reports", stdout=StringIO())
    # The city and parks PA and PB for three months in Chinese, and the city in English.
    assert ComplianceReport.objects.count() == 10
    out = StringIO()
    call_command("load_demo_reports", stdout=out)
    assert out.getvalue().strip() == "Demo reports: 0 issued."


def test_the_demo_issues_the_declarations_then_due(declaring_city):
    call_command("load_demo_reports", stdout=StringIO())
    declarations = ComplianceReport.objects.filter(scope="enterprise")
    # H1, a key unit: August, September and October; G1, a simplified unit: the third
    # quarter, due once September has closed.
    assert sorted((r.enterprise.name, r.span, f"{r.period:%Y-%m}") for r in declarations) == [
        ("G1", "quarter", "2026-07"),
        ("H1", "month", "2026-08"),
        ("H1", "month", "2026-09"),
        ("H1", "month", "2026-10"),
    ]
