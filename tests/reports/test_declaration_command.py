from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from reports.models import ComplianceReport


def test_it_issues_one_enterprises_declaration_once(declaring_city):
    code = declaring_city["H1"].credit_code
    out = StringIO()
    args = ["--period", "2026-02", "--scope", "enterprise", code, "--span", "quarter"]
    call_command("issue_reports", *args, stdout=out)
    call_command("issue_reports", *args, stdout=out)
    [report] = ComplianceReport.objects.all()
    assert (report.enterprise.credit_code, report.span, f"{report.period}") == (
        code,
        "quarter",
        "2026-01-01",
    )
    assert out.getvalue().splitlines() == [
        f"{code} 2026-Q1 zh-hans v1: issued",
        f"{code} 2026-Q1 zh-hans v1: unchanged, not issued again",
    ]


def test_the_span_defaults_to_the_month(declaring_city):
    code = declaring_city["H1"].credit_code
    call_command(
        "issue_reports", "--period", "2026-01", "--scope", "enterprise", code, stdout=StringIO()
    )
    assert list(ComplianceReport.objects.values_list("span", "period")) == [
        ("month", declaring_city["H1"].declarations.get().period)
    ]


@pytest.mark.parametrize(
    "args, message",
    [
        (["--scope", "enterprise", "91150204MA0000000X"], "No enterprise has the credit code"),
        (["--scope", "enterprise"], "takes the enterprise's credit code"),
        (["--scope", "park", "PA", "--span", "year"], "--span quarter or year is for"),
    ],
)
def test_it_says_what_is_wrong(declaring_city, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("issue_reports", "--period", "2026-01", *args)
