"""The OpenAPI schema, and a property-based run of schemathesis against it on a local server."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from knox.models import AuthToken

from tests.factories import EnterpriseFactory, ParkFactory, UserFactory


@pytest.mark.smoke
def test_the_schema_and_docs_are_served(client):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    body = schema.json()
    assert "/api/v1/parks/{code}/history/" in body["paths"]
    assert body["components"]["schemas"]["Error"]["required"] == ["message", "code", "extra"]
    docs = client.get("/api/v1/docs/").content.decode()
    assert "swagger-ui" in docs and "cdn" not in docs.lower()


@pytest.mark.slow
def test_schemathesis_finds_no_server_error_and_no_schema_violation(
    transactional_db, live_server, tmp_path
):
    call_command("load_reference_data")
    park = ParkFactory(code="BT-EQP")
    EnterpriseFactory.create_batch(3, park=park)
    admin = UserFactory(username="fuzz", is_staff=True, is_superuser=True)
    _instance, token = AuthToken.objects.create(user=admin)
    schemathesis = Path(sys.executable).parent / "schemathesis"
    result = subprocess.run(
        [
            str(schemathesis),
            "run",
            f"{live_server.url}/api/v1/schema/",
            "--checks",
            "not_a_server_error,response_schema_conformance",
            "--phases",
            "examples,coverage,fuzzing",
            "--max-examples",
            "25",
            "--seed",
            "20261123",
            "--workers",
            "1",
            "--request-timeout",
            "20",
            "--no-shrink",
            "--header",
            f"Authorization: Token {token}",
            # Logging out would end the very token the run uses.
            "--exclude-path-regex",
            "/auth/logout",
            "--report",
            "junit",
            "--report-dir",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=900,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
