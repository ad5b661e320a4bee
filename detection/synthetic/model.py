"""What a synthetic city is made of: its parks and industries (the profiles the generator
draws from), and the dataclasses it hands to detectors and evaluators."""

from dataclasses import dataclass, field
from datetime import date, datetime

POINT_CODE = "wb-1"  # one weighbridge per enterprise
ANOMALY_KINDS = (
    "spike",
    "under_reporting",
    "level_shift",
    "stuck_sensor",
    "device_gap",
    "balance_break",
    "measured_vs_reported",
    "counterparty_mismatch",
    "manifest_discrepancy",
    "duplicated_tickets",
    "phantom_transfer",
)
DEVICE_KINDS = ("stuck_sensor", "device_gap", "duplicated_tickets")
HARD_NEGATIVE_KINDS = (
    "seasonal_peak",
    "maintenance_shutdown",
    "new_plant_rampup",
    "change_of_utiliser",
)


@dataclass(frozen=True)
class Label:
    """An injected anomaly: enterprise, waste category and month (its first day); detail says
    how (factors, counterparty, manifest numbers, monitoring point and days for devices)."""

    kind: str
    credit_code: str
    category: str
    period: date
    detail: dict = field(default_factory=dict, hash=False, compare=False)
    waste_code: str = ""  # the ledger's code: 8 digits for hazardous waste, SWnn otherwise


@dataclass(frozen=True)
class HardNegative:
    """A real, consistent pattern that a naive detector would flag."""

    kind: str
    credit_code: str
    category: str
    period: date
    waste_code: str = ""  # as on Label


@dataclass
class SyntheticCity:
    seed: int
    periods: list[date]
    parks: list[dict]  # code, name, name_en, level, district, operator, boundary (WKT)
    # credit_code, name, industry_code, park (None: outside the city), lon, lat, role, …, and
    # weighbridge (False: no device, default True)
    enterprises: list[dict]
    ledgers: dict[str, bytes]  # file name (sorts chronologically) → CSV in the upload format
    tickets: dict[str, list[list[dict]]]  # credit code → batches (≤ 1,000) of device items
    manifests: list[dict]  # manifest_create fields (codes for enterprises) + receipt
    economic_figures: bytes  # output value and value added per enterprise and month (CSV)
    labels: list[Label]
    hard_negatives: list[HardNegative]
    # file name → when the ledger file was received (Beijing time), where it matters
    ledger_received: dict[str, datetime] = field(default_factory=dict)

    def ticket_count(self) -> int:
        return sum(len(batch) for batches in self.tickets.values() for batch in batches)

    def ledger_rows(self) -> int:
        return sum(data.count(b"\n") - 1 for data in self.ledgers.values())


@dataclass
class LoadReport:
    parks_created: int = 0
    enterprises_created: int = 0
    points_created: int = 0
    ledger_files_ingested: int = 0
    ledger_files_already_loaded: int = 0
    ledger_rows: int = 0
    tickets_accepted: int = 0
    tickets_duplicates: int = 0
    manifests_created: int = 0
    manifests_confirmed: int = 0
    economic_figures: int = 0


# --- profiles ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Waste:
    category: str
    waste_code: str  # the ledger's 废物代码: the category for SW, the 8-digit code for HW
    intensity: float  # t generated per 万元 of output
    utilised: float  # shares of what leaves the stock each month
    disposed: float
    transferred: float
    stock_months: float  # usual closing stock, in months of generation

    @property
    def hazardous(self) -> bool:
        return self.category.startswith("HW")


@dataclass(frozen=True)
class Industry:
    key: str
    codes: tuple[str, ...]  # GB/T 4754-2017 classes
    trade: str  # name ending
    parks: tuple[str, ...]
    output: tuple[float, float]  # monthly output value at capacity, 万元
    season: tuple[float, ...]  # factor per calendar month, January first
    share: float  # of the city's enterprises
    minimum: int
    wastes: tuple[Waste, ...] = ()
    accepts: tuple[str, ...] = ()  # categories received (utilisers, disposers)
    disposes: bool = False  # what it receives is disposed (landfill, incineration), not used


FLAT = (1.0,) * 12
HEATING = (1.45, 1.3, 1.1, 0.9, 0.85, 0.9, 1.0, 1.0, 0.85, 0.9, 1.15, 1.35)
CONSTRUCTION = (0.45, 0.5, 0.8, 1.1, 1.2, 1.25, 1.2, 1.2, 1.15, 1.05, 0.75, 0.5)
SPRING_FESTIVAL = (0.97, 0.9, 1.0, 1.02, 1.02, 1.0, 1.0, 1.0, 1.02, 1.0, 1.0, 1.0)
FROZEN_PIT = (0.8, 0.8, 0.95, 1.05, 1.1, 1.1, 1.1, 1.1, 1.05, 1.05, 0.95, 0.85)
YEAR_END_RUSH = (0.9, 0.85, 0.95, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.05, 1.15, 1.2)
SEASONAL_PEAK = 1.3  # a month whose seasonal factor reaches this is a labelled peak

INDUSTRIES = (
    Industry(
        "steel",
        ("3110", "3120", "3130"),
        "钢铁",
        ("SYN-STEEL",),
        (8000, 40000),
        SPRING_FESTIVAL,
        0.14,
        1,
        wastes=(
            Waste("SW01", "SW01", 0.12, 0.5, 0.05, 0.45, 0.3),
            Waste("SW03", "SW03", 0.05, 0.2, 0.05, 0.75, 0.2),
        ),
    ),
    Industry(
        "aluminium",
        ("3216",),
        "铝业",
        ("SYN-AL",),
        (5000, 30000),
        FLAT,
        0.08,
        1,
        wastes=(
            Waste("SW01", "SW01", 0.04, 0.3, 0.1, 0.6, 0.4),
            Waste("HW48", "321-024-48", 0.006, 0.0, 0.0, 1.0, 0.5),
        ),
    ),
    Industry(
        "rare_earth",
        ("3232",),
        "稀土",
        ("SYN-RE",),
        (4000, 20000),
        FLAT,
        0.07,
        1,
        wastes=(
            Waste("SW01", "SW01", 0.05, 0.3, 0.1, 0.6, 0.4),
            Waste("HW48", "323-001-48", 0.005, 0.0, 0.0, 1.0, 0.5),
        ),
    ),
    Industry(
        "power",
        ("4411", "4412"),
        "热电",
        ("SYN-STEEL", "SYN-AL", "SYN-JY"),
        (3000, 12000),
        HEATING,
        0.12,
        1,
        wastes=(
            Waste("SW02", "SW02", 0.45, 0.1, 0.1, 0.8, 0.15),
            Waste("SW06", "SW06", 0.12, 0.05, 0.05, 0.9, 0.2),
        ),
    ),
    Industry(
        "coking",
        ("2521",),
        "焦化",
        ("SYN-STEEL",),
        (4000, 20000),
        FLAT,
        0.06,
        1,
        wastes=(
            Waste("SW16", "SW16", 0.05, 0.2, 0.5, 0.3, 0.3),
            Waste("HW11", "252-002-11", 0.008, 0.1, 0.0, 0.9, 0.4),
        ),
    ),
    Industry(
        "chemicals",
        ("2614", "2619"),
        "化工",
        ("SYN-RE",),
        (3000, 15000),
        FLAT,
        0.06,
        0,
        wastes=(
            Waste("SW16", "SW16", 0.04, 0.2, 0.5, 0.3, 0.3),
            Waste("HW11", "900-013-11", 0.006, 0.0, 0.0, 1.0, 0.4),
        ),
    ),
    Industry(
        "wind",
        ("3415",),
        "风电装备",
        ("SYN-JY",),
        (3000, 15000),
        YEAR_END_RUSH,
        0.09,
        1,
        wastes=(
            Waste("SW17", "SW17", 0.03, 0.05, 0.05, 0.9, 0.5),
            Waste("HW13", "900-014-13", 0.004, 0.0, 0.0, 1.0, 0.6),
        ),
    ),
    Industry(
        "mining",
        ("0810", "0932"),
        "矿业",
        ("SYN-DM",),
        (2000, 10000),
        FROZEN_PIT,
        0.1,
        1,
        wastes=(Waste("SW05", "SW05", 0.8, 0.05, 0.75, 0.2, 0.1),),
    ),
    Industry(
        "building",
        ("3011", "3021", "3031"),
        "新型建材",
        ("SYN-JY", "SYN-DM", "SYN-STEEL"),
        (1000, 6000),
        CONSTRUCTION,
        0.18,
        2,
        accepts=("SW01", "SW02", "SW03", "SW05", "SW06"),
    ),
    Industry(
        "recycling",
        ("4220",),
        "再生资源",
        ("SYN-JY",),
        (500, 3000),
        FLAT,
        0.04,
        1,
        accepts=("SW17",),
    ),
    Industry(
        "hazardous",
        ("7724",),
        "环保科技",
        ("SYN-JY",),
        (800, 4000),
        FLAT,
        0.04,
        1,
        accepts=("HW11", "HW13", "HW48", "SW16"),
        disposes=True,
    ),
)
INDUSTRY_BY_KEY = {industry.key: industry for industry in INDUSTRIES}

# (code, name, English name, district, division code of its enterprises, lon/lat box)
PARKS = (
    (
        "SYN-STEEL",
        "（合成）钢铁冶金园区",
        "Synthetic steel park",
        "昆都仑区",
        "150203",
        (109.77, 40.645, 109.83, 40.69),
    ),
    (
        "SYN-RE",
        "（合成）稀土新材料园区",
        "Synthetic rare-earth park",
        "九原区",
        "150207",
        (109.76, 40.585, 109.85, 40.625),
    ),
    (
        "SYN-JY",
        "（合成）循环经济园区",
        "Synthetic circular-economy park",
        "九原区",
        "150207",
        (109.955, 40.58, 110.0, 40.62),
    ),
    (
        "SYN-AL",
        "（合成）铝业园区",
        "Synthetic aluminium park",
        "东河区",
        "150202",
        (110.15, 40.53, 110.21, 40.565),
    ),
    (
        "SYN-DM",
        "（合成）达茂矿业园区",
        "Synthetic Damao mining park",
        "达尔罕茂明安联合旗",
        "150223",
        (110.41, 41.68, 110.47, 41.72),
    ),
)
NAME_STEMS = (
    "鹿城",
    "昆仑",
    "青山",
    "九原",
    "阿尔丁",
    "赛罕",
    "黄河",
    "北方",
    "稀宝",
    "华鼎",
    "鑫达",
    "瑞丰",
    "宏泰",
    "兴业",
    "恒信",
    "天宇",
    "国润",
    "振华",
    "明拓",
    "东宝",
    "金山",
    "白云",
    "大青山",
    "敕勒川",
    "塞北",
    "河套",
    "草原",
    "长城",
    "永盛",
    "广源",
)
TRANSPORTERS = (
    "包头市危险货物运输有限公司",
    "内蒙古鹿城环保物流有限公司",
    "包头市安运危化品运输有限公司",
)
