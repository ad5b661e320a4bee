from datetime import date

from django.core.management.base import BaseCommand, CommandError

from parks.models import Park
from reports.models import ComplianceReport
from reports.services import report_issue


class Command(BaseCommand):
    help = (
        "Issue the monthly compliance reports of a month: the city's and every park's, or one "
        "scope's. Idempotent: a report whose figures did not change since its last version is "
        "not issued again; changed figures make the next version."
    )

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True, help="The month, YYYY-MM.")
        parser.add_argument(
            "--scope",
            nargs="+",
            metavar=("city|park", "CODE"),
            help="city, or park CODE; default: the city and every park.",
        )
        parser.add_argument(
            "--language",
            choices=ComplianceReport.Language.values,
            default=ComplianceReport.Language.ZH_HANS,
        )

    def handle(self, *args, period: str, scope: list[str] | None, language: str, **options):
        try:
            month = date.fromisoformat(f"{period}-01")
        except ValueError:
            raise CommandError(f"--period must be YYYY-MM, not {period!r}.") from None
        for park in self._parks(scope):
            issued = report_issue(park=park, period=month, language=language)
            state = "issued" if issued.created else "unchanged, not issued again"
            self.stdout.write(f"{issued.report}: {state}")

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
        raise CommandError("--scope is 'city' or 'park CODE'.")
