"""Who may act is checked before what they sent: a caller without the right gets the same
403 whether the credit code it names is registered or not, and whatever else is wrong with
the input (no oracle for which enterprises exist)."""

from monitoring.models import Manifest
from tests.factories import ManifestFactory

URL = "/api/v1/manifests/"
UNREGISTERED = "91150200MA0N1A2B3X"


def test_registered_and_unregistered_generators_get_the_same_answer(
    api, operator_b, manifest_payload, enterprise_a
):
    api.force_authenticate(operator_b)
    registered = api.post(URL, manifest_payload, format="json")
    unregistered = api.post(URL, {**manifest_payload, "generator": UNREGISTERED}, format="json")
    assert registered.status_code == unregistered.status_code == 403
    assert registered.json() == unregistered.json()


def test_a_caller_without_rights_gets_403_even_for_bad_input(api, regulator, manifest_payload):
    api.force_authenticate(regulator)
    response = api.post(
        URL, {**manifest_payload, "generator": UNREGISTERED, "number": "x"}, format="json"
    )
    assert response.status_code == 403
    assert not Manifest.objects.exists()


def test_a_caller_with_rights_still_gets_field_errors(api, enterprise_user, manifest_payload):
    api.force_authenticate(enterprise_user)
    response = api.post(URL, {**manifest_payload, "number": "x"}, format="json")
    assert response.status_code == 400
    assert "number" in response.json()["extra"]["fields"]


def test_confirming_checks_the_right_before_the_input(api, operator_a, enterprise_a, enterprise_b):
    manifest = ManifestFactory(generator=enterprise_a, receiver=enterprise_b)
    api.force_authenticate(operator_a)  # the generator's side reads but does not confirm
    response = api.post(
        f"{URL}{manifest.number}/confirm-receipt/", {"quantity_received_t": "x"}, format="json"
    )
    assert response.status_code == 403
