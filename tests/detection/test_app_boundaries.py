"""Detection stands on its own: monitoring knows nothing of it, and within detection one
module, the loader, reads monitoring's and parks' tables; the checks work on its DataFrames."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TABLE_MODULES = ("monitoring.models", "parks.models")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_monitoring_imports_nothing_from_detection():
    offenders = {
        str(path.relative_to(ROOT))
        for path in (ROOT / "monitoring").rglob("*.py")
        if any(name.split(".")[0] == "detection" for name in _imports(path))
    }
    assert not offenders


def test_only_the_loader_reads_monitoring_and_parks_tables_for_the_checks():
    checks = [
        ROOT / "detection" / "candidates.py",
        ROOT / "detection" / "features.py",
        ROOT / "detection" / "model.py",
        ROOT / "detection" / "services.py",
        *(ROOT / "detection" / "checks").glob("*.py"),
    ]
    offenders = {
        str(path.relative_to(ROOT)) for path in checks if _imports(path) & set(TABLE_MODULES)
    }
    assert not offenders
