from datetime import date

from django.core.management.base import BaseCommand, CommandError

from parks.models import Enterprise, Park
from reports.models import ComplianceReport
from reports.services import report_issue

Span = ComplianceReport.Span


class Command(BaseCommand):
    help = (
        "Issue the monthly compliance reports of a month: the city's and every park's, or one "
        "scope's; or, with --scope enterprise CODE, that enterprise's declaration for the "
        "--span holding the month. Idempotent: a report whose figures did not change since "
        "its last version is not issued again; changed figures make the next version."
    )

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True, help="The month, YYYY-MM.")
        parser.add_argument(
            "--scope",
            nargs="+",
            metavar=("city|park|enterprise", "CODE"),
            help=(
                "city, park CODE, or enterprise CREDIT-CODE (its declaration); default: the "
                "city and every park."
            ),
        )
        parser.add_argument(
            "--span",
            choices=Span.values,
            default=Span.MONTH,
            help="A declaration's span holding --period: month (default), quarter or year.",
        )
        parser.add_argument(
            "--language",
            choices=ComplianceReport.Language.values,
            default=ComplianceReport.Language.ZH_HANS,
        )

    def handle(
        self, *args, period: str, scope: list[str] | None, language: str, span: str, **options
    ):
        try:
            month = date.fromisoformat(f"{period}-01")
        except ValueError:
            raise CommandError(f"--period must be YYYY-MM, not {period!r}.") from None
        if scope and scope[0] == "enterprise":
            issued = [
                report_issue(
                    park=None,
                    enterprise=self._enterprise(scope),
                    span=span,
                    period=month,
                    language=language,
                )
            ]
        elif span != Span.MONTH:
            raise CommandError("--span quarter or year is for --scope enterprise CODE only.")
        else:
            issued = [
                report_issue(park=park, period=month, language=language)
                for park in self._parks(scope)
            ]
        for item in issued:
            state = "issued" if item.created else "unchanged, not issued again"
            self.stdout.write(f"{item.report}: {state}")

    def _enterprise(self, scope: list[str]) -> Enterprise:
        if len(scope) != 2:
            raise CommandError("--scope enterprise takes the enterprise's credit code.")
        enterprise = Enterprise.objects.filter(credit_code=scope[1].upper()).first()
        if enterprise is None:
            raise CommandError(f"No enterprise has the credit code {scope[1]!r}.")
        return enterprise

    def _parks(self, scope: list[str] | None) -> list[Park | None]:
        if not scope:
            return [None, *Park.objects.order_by("code")]
        if scope == ["city"]:
            return [None]
        if len(scope) == 2 and scope[0] == "park":
            park = Park.objects.filter(code=scope[1]).first()
            if park is None:
                raise CommandError(f"No park has the code {scope[1]!r}.")
            return [park]
        raise CommandError("--scope is 'city', 'park CODE' or 'enterprise CREDIT-CODE'.")
