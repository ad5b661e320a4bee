"""Devices push weigh tickets: nothing lost, nothing duplicated, every rejection explained."""

from datetime import timedelta

import pytest
from django.utils import timezone

from monitoring.models import WeighTicket
from tests.factories import weigh_ticket_payload as ticket

URL = "/api/v1/weigh-tickets/"


@pytest.mark.smoke
def test_it_accepts_a_batch_and_a_retry_creates_no_duplicate(device_a, point_a):
    batch = [ticket("T1"), ticket("T2", net_t=32.15)]
    first = device_a.post(URL, batch, format="json")
    assert first.status_code == 200, first.json()
    assert first.json() == {"accepted": 2, "duplicates": 0, "rejected": 0, "items": []}
    again = device_a.post(URL, batch, format="json")
    assert again.json() == {"accepted": 0, "duplicates": 2, "rejected": 0, "items": []}
    stored = WeighTicket.objects.get(ticket_number="T1")
    assert stored.point == point_a
    assert str(stored.net_t) == "32.150"


BAD_ITEMS = [
    ({"category": "XX99"}, "category", "Unknown waste category 'XX99'"),
    ({"gross_t": -1}, "gross_t", "Cannot be negative."),
    ({"gross_t": "heavy"}, "gross_t", "Required: a number of tonnes."),
    ({"tare_t": 60}, "tare_t", "Tare 60.000 t must be less than gross 48.250 t."),
    ({"net_t": 30}, "net_t", "Net 30.000 t is not gross − tare = 32.150 t."),
    ({"gross_t": 50016.1}, "gross_t", "50016.100 t in one weighing is implausible"),
    ({"direction": "sideways"}, "direction", 'Must be "in" or "out".'),
    ({"weighed_at": "yesterday"}, "weighed_at", "Required: an ISO 8601 date and time"),
    ({"counterparty": "914403001922038217"}, "counterparty", "should end in 6, not 7"),
    ({"ticket_number": ""}, "ticket_number", "Required"),
    ({"colour": "red"}, "non_field_errors", "Unknown fields: colour."),
]


@pytest.mark.parametrize(
    ("change", "field", "message"), BAD_ITEMS, ids=[field for _, field, _ in BAD_ITEMS]
)
def test_it_rejects_a_bad_item_with_the_field_and_reason(device_a, change, field, message):
    response = device_a.post(URL, [ticket("OK"), ticket("BAD", **change)], format="json")
    body = response.json()
    assert (body["accepted"], body["rejected"]) == (1, 1)
    [item] = body["items"]
    assert item["index"] == 1 and item["ticket_number"] == (
        "BAD" if field != "ticket_number" else ""
    )
    assert any(message in text for text in item["fields"][field]), item
    assert list(WeighTicket.objects.values_list("ticket_number", flat=True)) == ["OK"]


def test_it_rejects_a_future_weighing(device_a):
    later = (timezone.now() + timedelta(hours=2)).isoformat()
    body = device_a.post(URL, [ticket(weighed_at=later)], format="json").json()
    assert "is in the future" in body["items"][0]["fields"]["weighed_at"][0]


def test_it_reads_a_time_without_offset_as_beijing_time(device_a):
    device_a.post(URL, [ticket(weighed_at="2026-11-20 08:15:00")], format="json")
    assert WeighTicket.objects.get().weighed_at.isoformat() == "2026-11-20T00:15:00+00:00"


def test_it_rejects_a_number_repeated_within_the_batch(device_a):
    body = device_a.post(URL, [ticket("T1"), ticket("T1", gross_t=40)], format="json").json()
    assert body["accepted"] == 1
    assert "first at item 0" in body["items"][0]["fields"]["ticket_number"][0]


def test_it_never_changes_a_stored_ticket(device_a):
    device_a.post(URL, [ticket("T1")], format="json")
    body = device_a.post(URL, [ticket("T1", gross_t=60)], format="json").json()
    assert body["rejected"] == 1
    assert "Already stored with other values" in body["items"][0]["fields"]["ticket_number"][0]
    assert str(WeighTicket.objects.get().gross_t) == "48.250"


@pytest.mark.parametrize(
    ("payload", "content_type", "code"),
    [
        ("[{not json", "application/json", "parse_error"),
        ('{"ticket_number": "T1"}', "application/json", "invalid"),
    ],
    ids=["malformed-json", "not-an-array"],
)
def test_it_rejects_a_malformed_batch_whole(device_a, payload, content_type, code):
    response = device_a.post(URL, payload, content_type=content_type)
    assert response.status_code == 400
    assert set(response.json()) == {"message", "code", "extra"}
    assert response.json()["code"] == code
    assert not WeighTicket.objects.exists()


def test_it_rejects_an_oversized_batch_whole(device_a, settings):
    settings.WEIGH_TICKET_BATCH_MAX = 5
    response = device_a.post(URL, [ticket(f"T{i}") for i in range(6)], format="json")
    assert response.status_code == 400
    assert (
        "at most 5 tickets; this one has 6"
        in response.json()["extra"]["fields"]["non_field_errors"][0]
    )
    assert not WeighTicket.objects.exists()


def test_a_flooding_device_is_throttled(device_a, settings):
    from django.core.cache import cache

    cache.clear()
    settings.DEVICE_THROTTLE_RATE = "2/min"
    codes = [device_a.post(URL, [ticket(f"T{i}")], format="json").status_code for i in range(3)]
    assert codes == [200, 200, 429]
    last = device_a.post(URL, [ticket("T9")], format="json")
    assert int(last["Retry-After"]) > 0
    assert last.json()["code"] == "throttled"
    assert WeighTicket.objects.count() == 2
    cache.clear()


def test_people_cannot_push_and_devices_cannot_read(api, device_a, operator_a):
    assert device_a.get(URL).status_code == 403
    api.credentials()
    api.force_authenticate(operator_a)
    assert api.post(URL, [ticket()], format="json").status_code == 403
