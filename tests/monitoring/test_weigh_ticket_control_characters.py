"""A control character (NUL among them, which PostgreSQL refuses) in any text of a ticket
rejects that ticket with the field and the character's position; the batch's valid tickets
are still stored and the device gets 200, so it does not resend forever."""

import pytest

from monitoring.models import WeighTicket
from tests.factories import weigh_ticket_payload as ticket

URL = "/api/v1/weigh-tickets/"


CASES = [
    ("ticket_number", "T\x002", "U+0000 at position 2"),
    ("ticket_number", "T\x1b9", "at position 2"),
    ("vehicle", "蒙B\x0012345", "U+0000 at position 3"),
    ("vehicle", "蒙B\t12345", "U+0009"),
    ("category", "SW\x0001", "U+0000 at position 3"),
    ("counterparty", "91150200\x00", "U+0000 at position 9"),
]


@pytest.mark.parametrize(("field", "value", "reason"), CASES, ids=[c[0] for c in CASES])
def test_it_rejects_the_item_and_keeps_the_valid_ones(device_a, field, value, reason):
    bad = ticket("BAD", **{field: value})
    response = device_a.post(URL, [ticket("OK1"), bad, ticket("OK2")], format="json")
    assert response.status_code == 200, response.content[:300]
    body = response.json()
    assert (body["accepted"], body["rejected"]) == (2, 1)
    item = body["items"][0]
    assert item["index"] == 1
    assert list(item["fields"]) == [field]
    assert reason in item["fields"][field][0]
    assert sorted(WeighTicket.objects.values_list("ticket_number", flat=True)) == ["OK1", "OK2"]


def test_it_rejects_a_nul_in_every_text_field_of_one_item(device_a):
    bad = ticket("X\x00", vehicle="\x00", category="\x00", counterparty="\x00")
    body = device_a.post(URL, [bad], format="json").json()
    assert set(body["items"][0]["fields"]) == {
        "ticket_number",
        "vehicle",
        "category",
        "counterparty",
    }
