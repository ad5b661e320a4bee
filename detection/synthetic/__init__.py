"""A synthetic Baotou-like city with labelled anomalies and hard negatives, in the platform's
own input formats: `city_generate` builds it (deterministic for a seed), or, written apart
from it, `city_generate_independent`; `city_load` pushes it through the real services,
`city_write` writes it as files. See docs/synthetic-city.md."""

from detection.synthetic.generate import city_generate
from detection.synthetic.independent import city_generate_independent
from detection.synthetic.load import SyntheticLoadError, city_load
from detection.synthetic.model import (
    ANOMALY_KINDS,
    DEVICE_KINDS,
    HARD_NEGATIVE_KINDS,
    POINT_CODE,
    HardNegative,
    Label,
    LoadReport,
    SyntheticCity,
)
from detection.synthetic.render import city_write

__all__ = [
    "ANOMALY_KINDS",
    "DEVICE_KINDS",
    "HARD_NEGATIVE_KINDS",
    "POINT_CODE",
    "HardNegative",
    "Label",
    "LoadReport",
    "SyntheticCity",
    "SyntheticLoadError",
    "city_generate",
    "city_generate_independent",
    "city_load",
    "city_write",
]
