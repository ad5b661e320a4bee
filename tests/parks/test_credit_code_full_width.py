"""A credit code typed in full-width characters (or lower case) is folded to its ordinary
form before it is checked and stored, so the same enterprise cannot be registered twice."""

from parks.models import Enterprise
from tests.factories import credit_code

ENTERPRISES = "/api/v1/enterprises/"


def full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) for c in text)


def payload(code: str) -> dict:
    return {
        "credit_code": code,
        "name": "包头新企业有限公司",
        "industry_code": "Ｃ３４１５",
        "park": "PA",
        "location": {"type": "Point", "coordinates": [109.84, 40.66]},
    }


def test_it_stores_the_ordinary_form(api, operator_a, park_a):
    api.force_authenticate(operator_a)
    code = credit_code(11)
    response = api.post(ENTERPRISES, payload(" " + full_width(code) + "\u3000"), format="json")
    assert response.status_code == 201, response.json()
    stored = Enterprise.objects.get()
    assert (stored.credit_code, stored.industry_code) == (code, "3415")


def test_the_ordinary_form_is_then_a_duplicate(api, operator_a, park_a):
    api.force_authenticate(operator_a)
    code = credit_code(12)
    assert api.post(ENTERPRISES, payload(full_width(code)), format="json").status_code == 201
    again = api.post(ENTERPRISES, payload(code.lower()), format="json")
    assert again.status_code == 400
    assert "credit_code" in again.json()["extra"]["fields"]
    assert Enterprise.objects.count() == 1
