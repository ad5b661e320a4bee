"""Full-width digits, letters and punctuation from Chinese input methods are folded (NFKC)
before a ticket is validated and stored, so the same ticket typed two ways is one ticket."""

from monitoring.models import WeighTicket
from tests.factories import weigh_ticket_payload as ticket

URL = "/api/v1/weigh-tickets/"


def full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def test_it_stores_the_ordinary_form(device_a, enterprise_b):
    code = enterprise_b.credit_code
    sent = ticket(
        full_width("TK-0001"),
        vehicle=full_width("蒙B12345"),
        category=full_width("SW01"),
        counterparty=full_width(code),
    )
    response = device_a.post(URL, [sent], format="json")
    assert response.json()["accepted"] == 1, response.json()
    stored = WeighTicket.objects.get()
    assert stored.ticket_number == "TK-0001"
    assert stored.vehicle == "蒙B12345"
    assert stored.category.code == "SW01"
    assert stored.counterparty == code


def test_it_counts_the_ordinary_form_as_a_duplicate(device_a):
    device_a.post(URL, [ticket(full_width("TK-0002"))], format="json")
    again = device_a.post(URL, [ticket("TK-0002")], format="json").json()
    assert (again["accepted"], again["duplicates"]) == (0, 1)
    assert WeighTicket.objects.count() == 1


def test_it_sees_both_forms_in_one_batch_as_the_same_ticket(device_a):
    body = device_a.post(
        URL, [ticket("TK-0003"), ticket(full_width("TK-0003"))], format="json"
    ).json()
    assert (body["accepted"], body["rejected"]) == (1, 1)
    assert "more than once" in body["items"][0]["fields"]["ticket_number"][0]


def test_a_counterparty_in_lower_case_is_the_same_code(device_a, enterprise_b):
    sent = ticket("TK-0004", counterparty=enterprise_b.credit_code.lower())
    assert device_a.post(URL, [sent], format="json").json()["accepted"] == 1
    assert WeighTicket.objects.get().counterparty == enterprise_b.credit_code
