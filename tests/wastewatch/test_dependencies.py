"""The lock file is what runs: every dependency declared in pyproject.toml is pinned in
requirements.lock within its declared range, the environment running the tests has exactly
the pinned versions, and every third-party package the code imports is declared directly."""

import ast
import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
FIRST_PARTY = {
    "wastewatch",
    "parks",
    "monitoring",
    "detection",
    "evaluation",
    "indicators",
    "reports",
    "dashboard",
    "tests",
    "bench",
}
# Imported only where present, and installed by `make setup` only where Python's own sqlite3
# cannot load extensions (see the Makefile).
OPTIONAL = {"pysqlite3"}


def declared() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    names = project["dependencies"] + project["optional-dependencies"]["dev"]
    return [Requirement(name) for name in names]


def locked() -> dict[str, str]:
    pins = re.findall(
        r"^([A-Za-z0-9_.\-]+)==([^\s\\]+)", (ROOT / "requirements.lock").read_text(), re.M
    )
    return {canonicalize_name(name): version for name, version in pins}


def test_every_declared_dependency_is_locked_within_its_range():
    pins = locked()
    for requirement in declared():
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{name} is declared in pyproject.toml but not in requirements.lock"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"{name}=={pins[name]} in requirements.lock is outside {requirement.specifier}"
        )


def test_the_tests_run_on_the_locked_versions():
    differing = {}
    for name, version in locked().items():
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            installed = None
        if installed != version:
            differing[name] = (version, installed)
    assert not differing, f"locked vs installed: {differing}"


def imported_top_level_names() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for path in ROOT.rglob("*.py"):
        if any(part in {".venv", "node_modules", "build"} for part in path.parts):
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            elif (
                isinstance(node, ast.Call)
                and getattr(node.func, "attr", "") == "importorskip"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                names = [node.args[0].value]
            else:
                continue
            for name in names:
                found.setdefault(name.split(".")[0], path)
    return found


def test_every_imported_third_party_package_is_declared():
    distributions = metadata.packages_distributions()
    direct = {canonicalize_name(r.name) for r in declared()}
    undeclared = {}
    for name, path in sorted(imported_top_level_names().items()):
        if name in sys.stdlib_module_names or name in FIRST_PARTY or name in OPTIONAL:
            continue
        if name == "__future__" or (ROOT / f"{name}.py").exists():
            continue
        providers = {canonicalize_name(d) for d in distributions.get(name, [])}
        if not providers & direct:
            undeclared[name] = (str(path.relative_to(ROOT)), sorted(providers))
    assert not undeclared, f"imported but not declared in pyproject.toml: {undeclared}"


def test_setup_installs_from_the_lock_then_the_project_alone():
    makefile = (ROOT / "Makefile").read_text()
    assert "pip install -q --require-hashes -r requirements.lock" in makefile
    assert "pip install -q --no-deps -e ." in makefile
    assert "'.[dev]'" not in makefile
