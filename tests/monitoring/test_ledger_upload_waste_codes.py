"""Waste codes are checked as codes: a category written with the code must be the code's own,
an 8-digit code must be AAA-BBB-CC of a listed category; each refusal names the code."""

from monitoring.models import LedgerEntry
from tests.monitoring import ledger_upload_helpers
from tests.monitoring.ledger_upload_helpers import BALANCED, rows_csv

send = ledger_upload_helpers.send  # the fixture


def with_code(code: str) -> bytes:
    return rows_csv([[*row[:2], code, *row[3:]] for row in BALANCED])


def test_it_reads_a_code_written_with_its_own_category(send):
    batch = send(with_code("HW08 900-249-08"))
    assert batch["status"] == "ingested", (batch["message"], batch["errors"])
    assert set(LedgerEntry.objects.values_list("category__code", "waste_code")) == {
        ("HW08", "900-249-08")
    }


def test_it_refuses_a_code_whose_category_is_not_its_own(send):
    batch = send(with_code("HW49/900-041-08"))
    assert batch["status"] == "rejected"
    reasons = {error["reason"] for error in batch["errors"]}
    assert reasons == {"Waste code 900-041-08 belongs to HW08, not to HW49."}
    assert [error["row"] for error in batch["errors"]] == [2, 3, 4]


def test_it_refuses_eight_digits_with_misplaced_hyphens_naming_the_code(send):
    batch = send(with_code("9000-41-49"))
    assert batch["status"] == "rejected"
    assert {error["value"] for error in batch["errors"]} == {"9000-41-49"}
    assert all("'9000-41-49'" in error["reason"] for error in batch["errors"])


def test_it_refuses_a_code_of_no_listed_category_naming_the_code(send):
    batch = send(with_code("900-999-41"))
    assert batch["status"] == "rejected"
    assert all("900-999-41" in error["reason"] for error in batch["errors"])
    assert not any("balance" in error["reason"] for error in batch["errors"])


def test_it_refuses_a_code_not_on_the_configured_national_list(send, tmp_path, settings):
    national_list = tmp_path / "hw-2021.csv"
    national_list.write_text("code,name\n900-249-08,其他废矿物油\n", encoding="utf-8")
    settings.HAZARDOUS_WASTE_LIST_FILE = str(national_list)
    assert send(with_code("900-249-08"))["status"] == "ingested"
    batch = send(with_code("900-199-08"))
    assert batch["status"] == "rejected"
    assert {error["reason"] for error in batch["errors"]} == {
        "Waste code 900-199-08 is not on the National Hazardous Waste List."
    }
