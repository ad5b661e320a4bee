"""Reports of the demonstration city: its last three months issued for the city and every park
in Chinese, and the last month for the city in English, as the schedule and a regulator would
have issued them. Idempotent: a second run issues nothing new."""

from monitoring.demo import DEMO_UNTIL
from parks.models import Park
from reports.services import report_issue
from wastewatch.periods import month_add

DEMO_REPORT_MONTHS = 3


def demo_reports_load() -> int:
    """Issue the demo's reports; returns how many were new."""
    parks: list[Park | None] = [None, *Park.objects.order_by("code")]
    issued = [
        report_issue(park=park, period=month_add(DEMO_UNTIL, -back))
        for back in range(DEMO_REPORT_MONTHS)
        for park in parks
    ]
    issued.append(report_issue(park=None, period=DEMO_UNTIL, language="en"))
    return sum(item.created for item in issued)
