"""What every check returns: a candidate flag of one enterprise, waste and month,
with its severity and the figures behind it. Checks take (since, enterprise_ids, today):
`today` is the day they judge deadlines and unfinished days against."""

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings

from detection.models import Flag

Severity = Flag.Severity


@dataclass
class Candidate:
    enterprise_id: int
    category_id: int
    period: date
    kind: str
    severity: int
    reasons: list[dict] = field(default_factory=list)
    score: float | None = None
    detector_id: int | None = None
    # What the flag is about, when not the reasons themselves (the model's reasons carry its
    # score, which changes with every retraining while the enterprise's figures do not).
    evidence: object = None
    # The ledger's 8-digit code; "" for a general-waste category, or a whole hazardous one.
    waste_code: str = ""

    @property
    def key(self) -> tuple:
        return (self.enterprise_id, self.category_id, self.waste_code, self.period, self.kind)

    @property
    def fingerprint(self) -> str:
        evidence = self.reasons if self.evidence is None else self.evidence
        data = json.dumps(evidence, sort_keys=True, default=str)
        return hashlib.sha256(data.encode()).hexdigest()


def threshold(name: str) -> float:
    """A detection threshold from settings (DETECTION_THRESHOLDS, env DETECTION_<NAME>)."""
    return float(settings.DETECTION_THRESHOLDS[name])


Check = Callable[..., list[Candidate]]


def significant_gap(expected: float, actual: float, *, thresholds: str) -> float | None:
    """(actual − expected) ÷ the larger of the two, when the gap passes both of the rule's
    thresholds (`<thresholds>_min_t` tonnes and `<thresholds>_ratio`); else None."""
    gap = actual - expected
    ratio = gap / max(abs(expected), abs(actual), 1e-9)
    if abs(gap) < threshold(f"{thresholds}_min_t") or abs(ratio) < threshold(f"{thresholds}_ratio"):
        return None
    return ratio


def severity_of(ratio: float) -> int:
    ratio = abs(ratio)
    if ratio >= threshold("high_ratio"):
        return Severity.HIGH
    if ratio >= threshold("medium_ratio"):
        return Severity.MEDIUM
    return Severity.LOW
