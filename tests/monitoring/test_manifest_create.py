"""The generator's side creates a manifest: every rule refused with the field and the reason,
nothing stored when anything is wrong."""

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from monitoring.manifests import manifest_create, manifest_receipt_overdue_date
from monitoring.models import Manifest, WasteCategory
from tests.factories import EnterpriseFactory, ManifestFactory

URL = "/api/v1/manifests/"
BEIJING = ZoneInfo("Asia/Shanghai")


@pytest.mark.smoke
def test_it_creates_a_manifest_for_a_member_of_the_generator(
    api, enterprise_user, manifest_payload
):
    api.force_authenticate(enterprise_user)
    response = api.post(URL, manifest_payload, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["number"] == "20261502000001"
    assert body["status"] == "unconfirmed"
    assert body["confirmation_due"] is None  # counted from the day of receipt, once confirmed
    assert body["deadline_note"] == ""
    assert body["quantity_shipped_t"] == "12.340"
    assert body["created_by"] == "erin"
    assert body["confirmed_by"] is None
    assert body["discrepancy_t"] is None and body["is_discrepant"] is False
    stored = Manifest.objects.get()
    assert stored.created_by == enterprise_user
    assert stored.shipped_at.isoformat() == "2026-09-30T02:00:00+00:00"


def test_it_lets_the_generators_park_operator_and_staff_create(
    operator_a, staff_admin, enterprise_a, enterprise_b, catalogue
):
    for number, actor in (("20261502000001", operator_a), ("20261502000002", staff_admin)):
        manifest = manifest_create(actor=actor, **values(enterprise_a, enterprise_b, number))
        assert manifest.created_by == actor


def values(generator, receiver, number="20261502000001", **changes):
    data = {
        "number": number,
        "generator": generator,
        "receiver": receiver,
        "transporter_name": "包头市危险货物运输有限公司",
        "vehicle": "蒙B12345",
        "category": WasteCategory.objects.get(code="HW48"),
        "waste_code": "321-024-48",
        "quantity_shipped_t": Decimal("12.340"),
        "shipped_at": datetime(2026, 9, 30, 10, 0, tzinfo=BEIJING),
    }
    data.update(changes)
    return data


BAD_INPUT = [
    (
        "number-format",
        {"number": "2026150200001"},
        "number",
        "A manifest number is 14 digits: year (4), province (2), prefecture (2) and serial "
        "(6); '2026150200001' is not.",
    ),
    (
        "number-letters",
        {"number": "2026150200000A"},
        "number",
        "A manifest number is 14 digits: year (4), province (2), prefecture (2) and serial "
        "(6); '2026150200000A' is not.",
    ),
    (
        "province",
        {"number": "20261902000001"},
        "number",
        "Digits 5–6 (19) are not a provincial code (GB/T 2260), e.g. 15 for Inner Mongolia.",
    ),
    (
        "year",
        {"number": "20251502000001"},
        "number",
        "The number starts with the year 2025, but the waste was shipped in 2026 (Beijing time).",
    ),
    (
        "not-hazardous",
        {"category": "SW01", "waste_code": "321-024-01"},
        "category",
        "SW01 is not a hazardous-waste category: a manifest carries HW waste only.",
    ),
    (
        "waste-code-format",
        {"waste_code": "32102448"},
        "waste_code",
        "Write the waste code as AAA-BBB-CC (8 digits), e.g. 321-024-48; got '32102448'.",
    ),
    (
        "waste-code-category",
        {"waste_code": "900-041-49"},
        "waste_code",
        "Waste code 900-041-49 belongs to HW49, not to HW48.",
    ),
    (
        "same-enterprise",
        {"receiver": "GENERATOR"},
        "receiver",
        "The receiver must be another enterprise than the generator.",
    ),
    (
        "negative-quantity",
        {"quantity_shipped_t": "-1.000"},
        "quantity_shipped_t",
        "The quantity shipped must be more than 0 t.",
    ),
    (
        "zero-quantity",
        {"quantity_shipped_t": "0"},
        "quantity_shipped_t",
        "The quantity shipped must be more than 0 t.",
    ),
    (
        "transporter-credit-code",
        {"transporter_credit_code": "914403001922038217"},
        "transporter_credit_code",
        "Check character is wrong: 914403001922038217 should end in 6, not 7.",
    ),
    ("vehicle", {"vehicle": " "}, "vehicle", "Required: the vehicle's plate number."),
    (
        "unknown-receiver",
        {"receiver": "91150204MA0N6X1C27"},
        "receiver",
        "No registered enterprise has the credit code 91150204MA0N6X1C27.",
    ),
]


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [case[1:] for case in BAD_INPUT],
    ids=[case[0] for case in BAD_INPUT],
)
def test_it_refuses_bad_input_with_the_field_and_reason(
    api, enterprise_user, manifest_payload, change, field, message
):
    manifest_payload.update(change)
    if manifest_payload["receiver"] == "GENERATOR":
        manifest_payload["receiver"] = manifest_payload["generator"]
    api.force_authenticate(enterprise_user)
    response = api.post(URL, manifest_payload, format="json")
    assert response.status_code == 400, response.json()
    body = response.json()
    assert body["code"] == "invalid"
    assert body["extra"]["fields"][field] == [message]
    assert not Manifest.objects.exists()


def test_it_refuses_a_future_shipping_time(api, enterprise_user, manifest_payload):
    later = timezone.now() + timedelta(days=1)
    manifest_payload["shipped_at"] = later.isoformat()
    manifest_payload["number"] = f"{later.astimezone(BEIJING).year}1502000001"
    api.force_authenticate(enterprise_user)
    body = api.post(URL, manifest_payload, format="json").json()
    shown = later.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M")
    assert body["extra"]["fields"] == {
        "shipped_at": [f"The shipping time {shown} is in the future."]
    }


def test_it_reports_every_problem_at_once(api, enterprise_user, manifest_payload):
    manifest_payload.update(number="12", waste_code="x", quantity_shipped_t="-2")
    api.force_authenticate(enterprise_user)
    fields = api.post(URL, manifest_payload, format="json").json()["extra"]["fields"]
    assert set(fields) == {"number", "waste_code", "quantity_shipped_t"}


def test_it_refuses_a_number_already_used(api, enterprise_user, manifest_payload):
    ManifestFactory(number="20261502000001")
    api.force_authenticate(enterprise_user)
    body = api.post(URL, manifest_payload, format="json").json()
    assert body["extra"]["fields"] == {"number": ["Manifest 20261502000001 already exists."]}
    assert Manifest.objects.count() == 1


def test_it_takes_the_year_from_the_beijing_date(
    enterprise_user, enterprise_a, enterprise_b, catalogue
):
    new_year = datetime(2025, 12, 31, 17, 30, tzinfo=ZoneInfo("UTC"))  # 01:30 on 1 January
    with pytest.raises(ValidationError) as refused:
        manifest_create(
            actor=enterprise_user,
            **values(enterprise_a, enterprise_b, "20251502000001", shipped_at=new_year),
        )
    assert refused.value.message_dict == {
        "number": [
            "The number starts with the year 2025, but the waste was shipped in 2026 "
            "(Beijing time)."
        ]
    }
    manifest = manifest_create(
        actor=enterprise_user,
        **values(enterprise_a, enterprise_b, "20261502000001", shipped_at=new_year),
    )
    # New Year holiday to 3 January, then Sunday the 4th is a make-up working day (调休):
    # 10 working days (transit, then the 5 to confirm) end on the 15th.
    assert manifest_receipt_overdue_date(shipped_at=manifest.shipped_at).isoformat() == "2026-01-15"


def test_it_reads_a_time_without_offset_as_beijing_time(api, enterprise_user, manifest_payload):
    manifest_payload["shipped_at"] = "2026-09-30 10:00:00"
    api.force_authenticate(enterprise_user)
    assert api.post(URL, manifest_payload, format="json").status_code == 201
    assert Manifest.objects.get().shipped_at.isoformat() == "2026-09-30T02:00:00+00:00"


def test_a_regulator_cannot_create(api, regulator, manifest_payload):
    api.force_authenticate(regulator)
    response = api.post(URL, manifest_payload, format="json")
    assert response.status_code == 403
    assert response.json() == {
        "message": "Only the generator, its park's operator or staff create its manifests.",
        "code": "permission_denied",
        "extra": {},
    }
    assert not Manifest.objects.exists()


def test_another_parks_operator_cannot_create_for_the_generator(
    operator_b, enterprise_a, enterprise_b, catalogue
):
    with pytest.raises(PermissionDenied):
        manifest_create(actor=operator_b, **values(enterprise_a, enterprise_b))
    # ...but may for its own park's enterprise, shipping to park A.
    ours = EnterpriseFactory(park=enterprise_b.park)
    assert manifest_create(actor=operator_b, **values(ours, enterprise_a)).generator == ours
