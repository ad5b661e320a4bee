"""Reports of the demonstration city: its last three months issued as the schedule would have
issued them (the city's and every park's report in Chinese, and the declarations then due:
key units' months, simplified units' quarter), and the last month for the city in English, as
a regulator would ask for it. Idempotent: a second run issues nothing new."""

from monitoring.demo import DEMO_UNTIL
from reports.services import report_issue, reports_issue_month
from wastewatch.periods import month_add

DEMO_REPORT_MONTHS = 3


def demo_reports_load() -> int:
    """Issue the demo's reports and declarations; returns how many were new."""
    issued = [
        item
        for back in range(DEMO_REPORT_MONTHS - 1, -1, -1)
        for item in reports_issue_month(period=month_add(DEMO_UNTIL, -back))
    ]
    issued.append(report_issue(park=None, period=DEMO_UNTIL, language="en"))
    return sum(item.created for item in issued)
