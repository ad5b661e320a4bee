"""The device bad-input corpus (tests/corpus/devices/): each payload, pushed by park A's
weighbridge, gets exactly the answer written in expected.json, and only the valid tickets of
the batch are stored.

A whole-batch error (not JSON, not an array, too many items) stores nothing; a bad item is
rejected with its index, ticket number and per-field reasons while its valid neighbours are
stored. A case with a "bug" entry holds what the device should get; the product does otherwise
today, so it is a strict xfail (drop the "bug" entry once it is fixed).
"""

import json
from pathlib import Path

import pytest
from django.db import transaction

from monitoring.models import WeighTicket

CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "devices"
EXPECTED: dict[str, dict] = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
URL = "/api/v1/weigh-tickets/"
VALID = {
    "weighed_at": "2026-11-20T08:15:00+08:00",
    "category": "SW01",
    "direction": "out",
    "gross_t": 48.25,
    "tare_t": 16.1,
    "vehicle": "蒙B12345",
}


def _oversized_batch() -> bytes:
    """One more valid ticket than the real limit (WEIGH_TICKET_BATCH_MAX = 1,000)."""
    return json.dumps([{"ticket_number": f"B-{i}", **VALID} for i in range(1001)]).encode()


GENERATED = {"oversized_batch.json": _oversized_batch}


def _cases() -> list:
    return [
        pytest.param(
            name,
            marks=[pytest.mark.xfail(strict=True, reason=case["bug"])] if "bug" in case else [],
            id=name,
        )
        for name, case in EXPECTED.items()
    ]


def test_the_corpus_and_its_expectations_match(settings):
    on_disk = {path.name for path in CORPUS.iterdir() if path.name != "expected.json"}
    committed = {name for name, case in EXPECTED.items() if not case.get("generated")}
    assert on_disk == committed
    assert {name for name, case in EXPECTED.items() if case.get("generated")} == set(GENERATED)
    assert settings.WEIGH_TICKET_BATCH_MAX == 1000  # the oversized batch is built for it


@pytest.mark.parametrize("name", _cases())
def test_the_device_gets_exactly_the_expected_answer(name, device_a):
    case = EXPECTED[name]
    body = GENERATED[name]() if case.get("generated") else (CORPUS / name).read_bytes()
    device_a.raise_request_exception = False  # a crash is an answer too: the 500 the device gets
    with transaction.atomic():  # a database error in the request must not break the checks below
        response = device_a.post(URL, body, content_type="application/json")

    stored = sorted(WeighTicket.objects.values_list("ticket_number", flat=True))
    assert response.status_code == case["http_status"], response.content.decode()[:500]
    answer = response.json()
    if case.get("match") == "prefix":
        expected = case["body"]
        assert answer["message"].startswith(expected["message"]), answer
        assert {**answer, "message": expected["message"]} == expected
    else:
        assert answer == case["body"]
    assert stored == case["stored"]
