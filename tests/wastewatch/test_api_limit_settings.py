"""The input limits come from the environment; a malformed value stops start-up with the
setting's name rather than being guessed."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRINT = (
    "from django.conf import settings as s; "
    "print(s.API_MAX_BODY_BYTES, s.API_JSON_MAX_DEPTH, s.MANIFEST_MAX_LOAD_T, "
    "sorted(s.MANIFEST_MAX_LOAD_T_BY_CATEGORY.items()))"
)


def run_shell(**env: str) -> subprocess.CompletedProcess:
    clean = {**os.environ, "DEBUG": "1", "DJANGO_SETTINGS_MODULE": "wastewatch.settings", **env}
    return subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", PRINT],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_it_reads_the_limits_from_the_environment():
    result = run_shell(
        API_MAX_BODY_BYTES="1000",
        API_JSON_MAX_DEPTH="8",
        MANIFEST_MAX_LOAD_T="40",
        MANIFEST_MAX_LOAD_T_BY_CATEGORY="hw08=30, HW18=35",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "1000 8 40 [('HW08', 30), ('HW18', 35)]"


def test_it_refuses_a_malformed_category_limit():
    result = run_shell(MANIFEST_MAX_LOAD_T_BY_CATEGORY="HW08=thirty")
    assert result.returncode != 0
    assert "MANIFEST_MAX_LOAD_T_BY_CATEGORY must be CODE=TONNES pairs" in result.stderr
