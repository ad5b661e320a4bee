"""Error reporting is off unless SENTRY_DSN is set; then Sentry reports Django and Celery
errors without personal data."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
REPORT = (
    "import json, sentry_sdk; c = sentry_sdk.get_client(); "
    "print(json.dumps({'active': c.is_active(), 'pii': c.options.get('send_default_pii'), "
    "'integrations': sorted(c.integrations)}))"
)


def sentry_state(**env: str) -> dict:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("SENTRY_")}
    clean.update(env, DJANGO_SETTINGS_MODULE="tests.settings")
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", REPORT],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_it_reports_nothing_without_a_dsn():
    assert sentry_state()["active"] is False


def test_it_reports_django_and_celery_errors_without_personal_data_with_a_dsn():
    # Nothing is sent at start-up: the DSN's host is never contacted by this test.
    state = sentry_state(SENTRY_DSN="https://public@sentry.invalid/1")
    assert state["active"] is True
    assert state["pii"] is False
    assert {"django", "celery"} <= set(state["integrations"])
