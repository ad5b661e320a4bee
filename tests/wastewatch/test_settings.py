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


def test_it_refuses_to_start_without_a_secret_key():
    result = run_manage("check", ALLOWED_HOSTS="waste.example.cn")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_it_refuses_a_weak_secret_key():
    result = run_manage("check", SECRET_KEY="django-insecure-short", ALLOWED_HOSTS="x.cn")
    assert result.returncode != 0
    assert "too weak" in result.stderr


def test_it_refuses_an_empty_allowed_hosts():
    result = run_manage("check", SECRET_KEY=STRONG_KEY)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS is empty" in result.stderr


def test_it_refuses_a_malformed_boolean():
    result = run_manage("check", DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr


def test_it_refuses_a_database_without_spatial_support():
    result = run_manage("check", DEBUG="1", DATABASE_URL="mysql://u:p@127.0.0.1/db")
    assert result.returncode != 0
    assert "PostGIS" in result.stderr


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
