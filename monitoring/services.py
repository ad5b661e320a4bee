"""Writes of the monitoring app."""

import json
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction

from monitoring.models import WasteCategory

WASTE_CATALOGUE_FIXTURE = settings.BASE_DIR / "fixtures" / "waste_categories.json"


@dataclass(frozen=True)
class CatalogueLoadResult:
    created: int
    updated: int
    unchanged: int


@transaction.atomic
def waste_catalogue_load(*, path: Path = WASTE_CATALOGUE_FIXTURE) -> CatalogueLoadResult:
    """Create or update the waste categories of the fixture; running it again changes nothing.

    Categories no longer in the fixture are kept: ledger lines may still refer to them.
    """
    items = json.loads(Path(path).read_text(encoding="utf-8"))["categories"]
    existing = {category.code: category for category in WasteCategory.objects.all()}
    created = updated = 0
    for item in items:
        values = {
            "name_zh": item["name_zh"],
            "name_en": item["name_en"],
            "is_hazardous": bool(item["hazardous"]),
            "catalogue_version": item["catalogue_version"],
        }
        category = existing.get(item["code"])
        if category is None:
            WasteCategory.objects.create(code=item["code"], **values)
            created += 1
        elif any(getattr(category, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(category, name, value)
            category.save()
            updated += 1
    return CatalogueLoadResult(created, updated, len(items) - created - updated)
