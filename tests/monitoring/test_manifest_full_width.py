"""Full-width digits, letters and punctuation typed by a Chinese input method are folded
(NFKC) before a manifest is validated and stored: the number can then be opened and
confirmed, and the same number in ordinary digits is the same manifest."""

from monitoring.models import Manifest

URL = "/api/v1/manifests/"


def full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def test_it_stores_the_ordinary_form(api, enterprise_user, manifest_payload):
    api.force_authenticate(enterprise_user)
    typed = {
        **manifest_payload,
        **{
            name: full_width(manifest_payload[name])
            for name in ("number", "generator", "receiver", "category", "waste_code", "vehicle")
        },
    }
    response = api.post(URL, typed, format="json")
    assert response.status_code == 201, response.json()
    stored = Manifest.objects.get()
    assert (stored.number, stored.waste_code, stored.vehicle) == (
        "20261502000001",
        "321-024-48",
        "蒙B12345",
    )
    assert api.get(f"{URL}20261502000001/").status_code == 200


def test_the_same_number_in_ordinary_digits_is_refused_as_a_duplicate(
    api, enterprise_user, manifest_payload
):
    api.force_authenticate(enterprise_user)
    first = api.post(
        URL, {**manifest_payload, "number": full_width(manifest_payload["number"])}, format="json"
    )
    assert first.status_code == 201, first.json()
    again = api.post(URL, manifest_payload, format="json")
    assert again.status_code == 400
    assert again.json()["extra"]["fields"]["number"] == ["Manifest 20261502000001 already exists."]
    assert Manifest.objects.count() == 1


def test_it_opens_a_manifest_in_the_portal_by_its_full_width_number(
    client, enterprise_user, manifest_payload, api
):
    api.force_authenticate(enterprise_user)
    api.post(URL, manifest_payload, format="json")
    client.force_login(enterprise_user)
    response = client.get(f"/manifests/{full_width(manifest_payload['number'])}/")
    assert response.status_code == 200


def test_it_refuses_a_control_character_in_the_number(api, enterprise_user, manifest_payload):
    api.force_authenticate(enterprise_user)
    response = api.post(URL, {**manifest_payload, "number": "2026150200\x000001"}, format="json")
    assert response.status_code == 400
    assert "U+0000 at position 11" in response.json()["extra"]["fields"]["number"][0]
