"""The ledger upload format: columns with their Chinese and English headers, flows and units.

One row is one figure: an enterprise's quantity of one waste, in one month, for one flow
(and one counterparty, for transfers). The balance of each enterprise, category and month is
checked across its rows.
"""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from monitoring.models import LedgerEntry
from wastewatch.tabular import Columns, column_labels

Flow = LedgerEntry.Flow

# key: (Chinese header, English header, required)
COLUMNS: Columns = {
    "credit_code": ("统一社会信用代码", "credit_code", True),
    "period": ("期间", "period", True),
    "waste_code": ("废物代码", "waste_code", True),
    "flow": ("台账项目", "flow", True),
    "quantity": ("数量", "quantity", True),
    "unit": ("单位", "unit", False),
    "counterparty": ("对方单位信用代码", "counterparty", False),
    "purpose": ("转移用途", "transfer_purpose", False),
    "note": ("备注", "note", False),
}
COLUMN_LABELS = column_labels(COLUMNS)
# Headers of earlier templates, still read: 流向 is where waste goes in the law, but the column
# also holds 期初贮存, 产生 and 期末贮存, so it is now 台账项目.
HEADER_ALIASES = {"流向": "flow"}

FLOW_NAMES_ZH = {
    Flow.OPENING_STOCK: "期初贮存",
    Flow.GENERATED: "产生",
    Flow.RECEIVED: "接收",
    Flow.UTILISED: "自行利用",
    Flow.DISPOSED: "自行处置",
    Flow.TRANSFERRED_OUT: "委托利用/处置",
    Flow.CLOSING_STOCK: "期末贮存",
}
# Names of earlier templates, still read: 委外转移 became 委托利用/处置 (固废法 第三十七条,
# HJ 1259 委外利用/处置).
FLOW_ALIASES_ZH = {"委外转移": Flow.TRANSFERRED_OUT}
FLOW_BY_NAME = {
    **{flow.value: flow.value for flow in Flow},
    **{name: flow.value for flow, name in FLOW_NAMES_ZH.items()},
    **{name: flow.value for name, flow in FLOW_ALIASES_ZH.items()},
}
Purpose = LedgerEntry.Purpose

# What a transfer out was for (委托利用/处置/贮存), in the words of HJ 1259's 委外利用/处置
# records and the official statistics, or the English values.
PURPOSE_NAMES_ZH = {
    Purpose.UTILISATION: "委托利用",
    Purpose.DISPOSAL: "委托处置",
    Purpose.STORAGE: "委托贮存",
}
PURPOSE_BY_NAME = {
    **{purpose.value: purpose.value for purpose in Purpose},
    **{name: purpose.value for purpose, name in PURPOSE_NAMES_ZH.items()},
}

# Balance: opening + generated + received = utilised + disposed + transferred out + closing.
FLOW_SIGN = {
    Flow.OPENING_STOCK: 1,
    Flow.GENERATED: 1,
    Flow.RECEIVED: 1,
    Flow.UTILISED: -1,
    Flow.DISPOSED: -1,
    Flow.TRANSFERRED_OUT: -1,
    Flow.CLOSING_STOCK: -1,
}

UNIT_TONNES = {
    "t": Decimal(1),
    "吨": Decimal(1),
    "tonne": Decimal(1),
    "tonnes": Decimal(1),
    "": Decimal(1),
    "kg": Decimal("0.001"),
    "千克": Decimal("0.001"),
    "公斤": Decimal("0.001"),
    "万吨": Decimal(10000),
    "万t": Decimal(10000),
}

# The template workbook's own sheets besides the one to fill in: not worth a note when they
# still hold the example and instructions.
TEMPLATE_SHEETS = ("示例 Example", "说明 Instructions")
TEMPLATE_EXAMPLE = [
    ["91150204MA0N6X1C5G", "2026-10", "SW01", "期初贮存", "1200", "t", "", "", ""],
    ["91150204MA0N6X1C5G", "2026-10", "SW01", "产生", "8.5", "万吨", "", "", "钢渣"],
    ["91150204MA0N6X1C5G", "2026-10", "SW01", "自行利用", "52000", "t", "", "", ""],
    [
        "91150204MA0N6X1C5G",
        "2026-10",
        "SW01",
        "委托利用/处置",
        "30000",
        "t",
        "91150207MA0N2B3C43",
        "委托利用",
        "",
    ],
    ["91150204MA0N6X1C5G", "2026-10", "SW01", "期末贮存", "4200", "t", "", "", ""],
]
INSTRUCTIONS = [
    _(
        "One row per figure: enterprise, month, waste, flow, quantity (and counterparty for "
        "transfers)."
    ),
    _("Headers may be in Chinese or English; a column may be left out only if it is optional."),
    _("Period: the month, written 2026-10 (or the month's first day)."),
    _(
        "Waste code: a category (SW01…SW59, HW01…HW50) or an 8-digit hazardous-waste code such "
        "as 321-024-48."
    ),
    _(
        "Flow: 期初贮存 opening_stock, 产生 generated, 接收 received, 自行利用 utilised, "
        "自行处置 disposed, 委托利用/处置 transferred_out (formerly 委外转移), "
        "期末贮存 closing_stock."
    ),
    _("Unit: t (default), kg or 万吨; quantities are converted to tonnes."),
    _(
        "Transfer purpose (transfers out only, may be left empty): 委托利用 utilisation, "
        "委托处置 disposal, 委托贮存 storage. A transfer with a purpose counts as utilised, "
        "disposed or stored at the sender in the indicators."
    ),
    _(
        "Each enterprise, waste and month must balance: opening stock + generated + received = "
        "utilised + disposed + transferred out + closing stock."
    ),
    _("CSV files may be UTF-8 (with or without BOM) or GB18030, as Excel in China saves them."),
]
