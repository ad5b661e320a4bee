"""The settings refuse an unsafe production configuration, and accept a documented one."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.smoke

ROOT = Path(__file__).resolve().parents[2]
STRONG_KEY = "k" * 20 + "8Yq3-pQz1_vTn0xLmWc7" + "r" * 20


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE"}
        and not k.startswith("SECURE_")
        and not k.endswith("_COOKIE_SECURE")
    }
    clean.update(env, DJANGO_SETTINGS_MODULE="wastewatch.settings")
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("env", "reason"),
    [
        ({"ALLOWED_HOSTS": "waste.example.cn"}, "SECRET_KEY is not set"),
        ({"SECRET_KEY": "django-insecure-short", "ALLOWED_HOSTS": "x.cn"}, "too weak"),
        ({"SECRET_KEY": STRONG_KEY}, "ALLOWED_HOSTS is empty"),
        ({"DEBUG": "maybe"}, "DEBUG must be a boolean"),
        ({"DEBUG": "1", "DATABASE_URL": "mysql://u:p@127.0.0.1/db"}, "PostGIS"),
    ],
    ids=["no-secret-key", "weak-secret-key", "no-allowed-hosts", "bad-boolean", "no-gis-db"],
)
def test_it_refuses_an_unsafe_or_broken_configuration(env, reason):
    result = run_manage("check", **env)
    assert result.returncode != 0
    assert reason in result.stderr


def test_check_deploy_is_clean_with_the_documented_variables():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="waste.example.cn",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
