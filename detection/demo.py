"""Detection on the demonstration city: a detector trained on its last twelve months, and its
flags as of the day after the last month's reporting deadline (the demo is a snapshot of that
day, whatever today's date)."""

from dataclasses import dataclass

from detection.loader import latest_ledger_period
from detection.model import detector_train
from detection.services import flags_score
from wastewatch.periods import month_add


@dataclass
class DemoDetectionResult:
    trained: bool = False
    flags: int = 0


def demo_detection_load() -> DemoDetectionResult:
    """Train and score; a second run trains nothing and creates no flag."""
    result = DemoDetectionResult()
    last = latest_ledger_period()
    if last is None:
        return result
    since = month_add(last, -11)
    _detector, result.trained = detector_train(since=since, until=last)
    result.flags = flags_score(since=since, today=month_add(last, 1).replace(day=16)).created
    return result
