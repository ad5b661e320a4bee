"""A second synthetic city, built apart from the detector and from the first generator, so
that the detector's accuracy can be measured on data nobody tuned it on. See "The independent
city" in docs/synthetic-city.md."""

from detection.synthetic.independent.build import city_generate_independent
from detection.synthetic.independent.profiles import (
    ANOMALY_KINDS,
    HARD_NEGATIVE_KINDS,
)

__all__ = [
    "ANOMALY_KINDS",
    "HARD_NEGATIVE_KINDS",
    "city_generate_independent",
]
