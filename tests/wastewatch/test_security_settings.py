"""Security settings from the environment are checked at start-up: a typo is refused with
the setting's name, not discovered as a 500 on the first request."""

import subprocess
import sys

import pytest


def start(**environment: str) -> subprocess.CompletedProcess:
    env = {"DEBUG": "1", "PATH": "/usr/bin:/bin", **environment}
    return subprocess.run(
        [sys.executable, "-c", "import wastewatch.settings"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("API_USER_THROTTLE_RATE", "100 per minute"),
        ("API_ANON_THROTTLE_RATE", "x/hour"),
        ("PROTECTED_MEDIA_SERVER", "lighttpd"),
    ],
)
def test_it_refuses_a_malformed_security_setting(name, value):
    result = start(**{name: value})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and name in result.stderr


def test_it_starts_with_the_defaults():
    assert start().returncode == 0
