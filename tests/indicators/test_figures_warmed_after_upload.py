"""After an upload, a task computes the figures the landing page and the Indicators page open
on (the city's and the uploaded enterprises' parks', in both languages) into the cache, so
their first reader computes nothing. Without a worker it is not run: the uploader would wait
for it instead."""

from unittest import mock

import pytest
from django.core.cache import cache

from indicators import services
from monitoring.ledger.services import upload_batch_create
from monitoring.ledger.synthetic import ledger_csv
from monitoring.models import UploadBatch

MARCH = [("2026-03", "期初贮存", "100"), ("2026-03", "产生", "50"), ("2026-03", "期末贮存", "150")]


@pytest.fixture
def upload_march(ledger_city, staff_admin, django_capture_on_commit_callbacks):
    """Upload G1's March through the service, with what its commit sets off."""

    def upload() -> None:
        code = ledger_city["G1"].credit_code
        data = ledger_csv([code, month, "SW01", flow, t, "t", "", ""] for month, flow, t in MARCH)
        cache.clear()
        with django_capture_on_commit_callbacks(execute=True):
            batch, _created = upload_batch_create(actor=staff_admin, name="march.csv", data=data)
        batch.refresh_from_db()
        assert batch.status == UploadBatch.Status.INGESTED, batch.errors

    return upload


@pytest.fixture
def computed():
    """How many times the pages' figures are computed (the landing page's and the Indicators
    page's both start from city_indicators)."""
    compute = services.city_indicators
    with (
        mock.patch("indicators.services.city_indicators", wraps=compute) as shown,
        mock.patch("dashboard.selectors.city_indicators", wraps=compute) as landing,
    ):
        yield lambda: shown.call_count + landing.call_count


def pages(client, language: str, park: str = "") -> None:
    client.cookies["django_language"] = language
    for path in ("/", "/indicators/"):
        response = client.get(path, {"park": park} if park else {}, follow=True)
        assert response.status_code == 200


def test_the_first_readers_after_an_upload_compute_nothing(
    settings, client, regulator, operator_a, upload_march, computed
):
    settings.INDICATORS_WARM_AFTER_UPLOADS = True
    upload_march()
    warmed = computed()
    assert warmed == 2 * 2 * 2  # the city and park A, in both languages, for both pages

    client.force_login(regulator)
    for language in ("zh-hans", "en"):
        pages(client, language)
        pages(client, language, park="PA")
    client.force_login(operator_a)
    pages(client, "zh-hans")
    assert computed() == warmed
    assert client.get("/").context["summary"].month.month == 3  # the month just uploaded


def test_without_a_worker_the_upload_does_not_compute_them(
    settings, client, regulator, upload_march, computed
):
    assert not settings.INDICATORS_WARM_AFTER_UPLOADS  # tests run tasks in-process
    upload_march()
    assert computed() == 0
    client.force_login(regulator)
    pages(client, "en")
    assert computed() == 2


def test_a_park_not_uploaded_for_is_left_to_its_reader(
    settings, client, regulator, upload_march, computed
):
    settings.INDICATORS_WARM_AFTER_UPLOADS = True
    upload_march()
    warmed = computed()
    client.force_login(regulator)
    pages(client, "en", park="PB")
    assert computed() == warmed + 2
