"""Dependencies between the apps point one way (docs: architecture): wastewatch ← parks ←
monitoring ← detection, indicators ← evaluation, reports ← dashboard; nothing lower imports
anything higher. Only the project's URLconf, which mounts every app, is above them all."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LEVEL = {
    "wastewatch": 0,
    "parks": 1,
    "monitoring": 2,
    "detection": 3,
    "indicators": 3,
    "evaluation": 4,
    "reports": 4,
    "dashboard": 5,
}
URLCONF = ROOT / "wastewatch" / "urls.py"


def _imported_apps(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
    return found & set(LEVEL)


def test_no_app_imports_an_app_above_or_beside_it():
    offenders = []
    for app, level in LEVEL.items():
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts or path == URLCONF:
                continue
            for other in _imported_apps(path) - {app}:
                if LEVEL[other] >= level:
                    offenders.append(f"{path.relative_to(ROOT)} imports {other}")
    assert offenders == []
