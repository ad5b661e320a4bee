"""The ledger's flow column is 台账项目 and a transfer out is 委托利用/处置 (固废法 第三十七条,
HJ 1259 委外利用/处置); files made from earlier templates, headed 流向 and saying 委外转移,
are read the same."""

import pytest

from monitoring.models import LedgerEntry
from tests.factories import credit_code
from tests.monitoring import ledger_upload_helpers
from tests.monitoring.ledger_upload_helpers import CODE_A, rows_csv

send = ledger_upload_helpers.send  # the fixture

RECEIVER = credit_code(41)


def month(transferred_out: str) -> list[list[str]]:
    return [
        [CODE_A, "2026-10", "SW01", "期初贮存", "100", "t", ""],
        [CODE_A, "2026-10", "SW01", "产生", "50", "t", ""],
        [CODE_A, "2026-10", "SW01", transferred_out, "60", "t", RECEIVER],
        [CODE_A, "2026-10", "SW01", "期末贮存", "90", "t", ""],
    ]


@pytest.mark.parametrize(
    ("flow_header", "transferred_out"),
    [
        ("台账项目", "委托利用/处置"),
        ("台账项目", "委托利用／处置"),  # typed with a Chinese input method
        ("流向", "委外转移"),  # an earlier template
        ("台账项目", "委外转移"),
    ],
)
def test_both_the_new_and_the_former_names_are_read(send, flow_header, transferred_out):
    header = [
        "统一社会信用代码",
        "期间",
        "废物代码",
        flow_header,
        "数量",
        "单位",
        "对方单位信用代码",
    ]
    batch = send(rows_csv(month(transferred_out), header=header))
    assert batch["status"] == "ingested", (batch["message"], batch["errors"])
    [entry] = LedgerEntry.objects.filter(flow=LedgerEntry.Flow.TRANSFERRED_OUT)
    assert (entry.quantity_t, entry.counterparty) == (60, RECEIVER)


def test_the_template_offers_the_new_names(client, operator_a):
    """The example rows of the workbook are checked with the transfer purpose."""
    client.force_login(operator_a)
    csv = client.get("/ledgers/template.csv?lang=zh-hans").content.decode("utf-8-sig")
    assert csv.splitlines()[0].split(",")[3] == "台账项目"
