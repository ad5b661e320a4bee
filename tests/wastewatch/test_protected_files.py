"""Stored files (evaluation evidence, uploaded ledgers) are served only through views that
apply the data's scoping, never at their storage path, and by the web server in production."""

import importlib
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import clear_url_caches

from evaluation import services as evaluation_services
from evaluation.models import Indicator
from monitoring.ledger.services import upload_batch_create
from monitoring.ledger.synthetic import ledger_csv

PDF = b"%PDF-1.4 evidence of park A"


@pytest.fixture
def evidence(db, park_a, operator_a):
    call_command("load_indicator_catalogue", stdout=StringIO())
    evaluation = evaluation_services.evaluation_create(actor=operator_a, park=park_a, year=2025)
    indicator = Indicator.objects.get(edition=evaluation.edition, number=1)
    return evaluation_services.indicator_evidence_attach(
        actor=operator_a,
        evaluation=evaluation,
        indicator=indicator,
        evidence=ContentFile(PDF, name="report.pdf"),
    )


@pytest.fixture
def upload_a(operator_a, enterprise_a, catalogue):
    data = ledger_csv([[enterprise_a.credit_code, "2026-01", "SW01", "产生", "5", "t", "", ""]])
    batch, _created = upload_batch_create(actor=operator_a, name="jan.csv", data=data)
    return batch, data


@pytest.fixture
def debug_urls(settings):
    """The URLconf as a DEBUG=1 development server builds it."""
    import wastewatch.urls

    settings.DEBUG = True
    importlib.reload(wastewatch.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(wastewatch.urls)
    clear_url_caches()


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_it_serves_no_stored_file_at_its_storage_path_even_under_debug(
    client, debug_urls, evidence, upload_a, operator_a, settings
):
    client.force_login(operator_a)
    for name in (evidence.evidence.name, upload_a[0].file.name):
        assert (Path(settings.MEDIA_ROOT) / name).exists()
        assert client.get(f"{settings.MEDIA_URL}{name}").status_code == 404


def test_it_serves_evidence_to_the_evaluations_readers_only(
    client, evidence, operator_a, operator_b, regulator
):
    url = f"/files/evidence/{evidence.pk}/"
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(operator_b)
    assert client.get(url).status_code == 404
    for reader in (operator_a, regulator):
        client.force_login(reader)
        response = client.get(url)
        assert response.status_code == 200
        assert body(response) == PDF
        assert 'attachment; filename="report' in response["Content-Disposition"]


def test_it_serves_an_uploaded_ledger_to_its_uploader_and_the_regulator_only(
    client, upload_a, operator_a, operator_b, regulator
):
    batch, data = upload_a
    url = f"/files/ledger-uploads/{batch.pk}/"
    client.force_login(operator_b)
    assert client.get(url).status_code == 404
    for reader in (operator_a, regulator):
        client.force_login(reader)
        response = client.get(url)
        assert response.status_code == 200 and body(response) == data
    client.force_login(operator_a)
    page = client.get(f"/ledgers/{batch.pk}/").content.decode()
    assert url in page


@pytest.mark.parametrize(
    ("server", "header"), [("nginx", "X-Accel-Redirect"), ("apache", "X-Sendfile")]
)
def test_it_hands_the_file_to_the_web_server_when_told_to(
    client, api, evidence, operator_a, settings, server, header
):
    settings.PROTECTED_MEDIA_SERVER = server
    client.force_login(operator_a)
    api.force_authenticate(operator_a)
    number = evidence.indicator.number
    for response in (
        client.get(f"/files/evidence/{evidence.pk}/"),
        api.get(f"/api/v1/park-evaluations/{evidence.evaluation_id}/evidence/{number}/"),
    ):
        assert response.status_code == 200
        assert body(response) == b""
        if server == "nginx":
            expected = f"{settings.PROTECTED_MEDIA_INTERNAL_URL}{evidence.evidence.name}"
        else:
            expected = str(Path(settings.MEDIA_ROOT) / evidence.evidence.name)
        assert response[header] == expected
        assert 'attachment; filename="report' in response["Content-Disposition"]


def test_the_admin_links_evidence_to_the_protected_view(client, evidence, staff_admin, settings):
    client.force_login(staff_admin)
    page = client.get(
        f"/admin/evaluation/parkevaluation/{evidence.evaluation_id}/change/"
    ).content.decode()
    assert f'href="/files/evidence/{evidence.pk}/"' in page
    assert f"{settings.MEDIA_URL}{evidence.evidence.name}" not in page
