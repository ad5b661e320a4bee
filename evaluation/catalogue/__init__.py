"""Indicator catalogues (editions, groups, indicators) as JSON, and their loader.

Staff may change weights, benchmarks or the pass mark in the admin; loading again keeps those
changes unless asked to overwrite them (`update=True`), so a routine `make demo` never undoes a
correction.
"""

import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import models, transaction

from evaluation.models import Indicator, IndicatorEdition, IndicatorGroup

CATALOGUE_DIR = Path(__file__).resolve().parent
MIIT_2016 = CATALOGUE_DIR / "miit_2016.json"

KINDS = ("editions", "groups", "indicators")


@dataclass
class CatalogueLoadResult:
    """Counts per kind: created, updated (overwritten), unchanged, and kept (the stored row
    differs from the file, and was left as it is because `update` was not asked)."""

    created: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    updated: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    unchanged: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    kept: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _upsert(
    model: type[models.Model],
    lookup: dict[str, Any],
    values: dict[str, Any],
    *,
    kind: str,
    update: bool,
    result: CatalogueLoadResult,
) -> models.Model:
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj.full_clean()
        obj.save()
        result.created[kind] += 1
        return obj
    if all(getattr(obj, name) == value for name, value in values.items()):
        result.unchanged[kind] += 1
    elif update:
        for name, value in values.items():
            setattr(obj, name, value)
        obj.full_clean()
        obj.save()
        result.updated[kind] += 1
    else:
        result.kept[kind] += 1
    return obj


@transaction.atomic
def indicator_catalogue_load(
    *, path: Path = MIIT_2016, update: bool = False
) -> CatalogueLoadResult:
    """Create the edition, groups and indicators of a catalogue file that are missing (by
    edition code, group code, indicator number); overwrite differing rows only if `update`."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    result = CatalogueLoadResult()
    item = data["edition"]
    edition = _upsert(
        IndicatorEdition,
        {"code": item["code"]},
        {
            "name": item["name"],
            "document": item.get("document", ""),
            "pass_mark": _decimal(item["pass_mark"]),
            "requirements": item.get("requirements", []),
            "note": item.get("note", ""),
        },
        kind="editions",
        update=update,
        result=result,
    )
    groups = {}
    for item in data["groups"]:
        groups[item["code"]] = _upsert(
            IndicatorGroup,
            {"edition": edition, "code": item["code"]},
            {
                "name": item["name"],
                "name_en": item.get("name_en", ""),
                "weight": _decimal(item["weight"]),
                "order": item.get("order", 0),
                "note": item.get("note", ""),
            },
            kind="groups",
            update=update,
            result=result,
        )
    for item in data["indicators"]:
        _upsert(
            Indicator,
            {"edition": edition, "number": item["number"]},
            {
                "group": groups[item["group"]],
                "name": item["name"],
                "name_en": item.get("name_en", ""),
                "unit": item.get("unit", ""),
                "direction": item["direction"],
                "mandatory": bool(item["mandatory"]),
                "fails_below_benchmark": bool(item.get("fails_below_benchmark", False)),
                "benchmark": _decimal(item.get("benchmark")),
                "benchmark_text": item.get("benchmark_text", ""),
                "input": item.get("input", Indicator.Input.ENTERED),
                "derivation": item.get("derivation", ""),
                "verification": item["verification"],
                "note": item.get("note", ""),
            },
            kind="indicators",
            update=update,
            result=result,
        )
    return result
