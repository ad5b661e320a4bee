"""What the independent city is built from: its parks, industries and waste streams, and the
licensed receivers outside the city. Intensities are tonnes per 万元 of output value."""

from dataclasses import dataclass

FIRST_MONTH_OF_DEFAULT_RUN = (2023, 7)  # 36 months to June 2026, all in the past
LAST_MONTH = (2026, 6)

ANOMALY_KINDS = (
    "spike",
    "level_shift",
    "under_reporting",
    "round_reporting",
    "measured_vs_reported",
    "phantom_transfer",
    "counterparty_mismatch",
    "manifest_discrepancy",
    "manifest_overdue",
    "manifest_late_confirmation",
    "stuck_sensor",
    "duplicated_tickets",
    "device_gap",
    "balance_break",
    "missing_report",
    "late_report",
)
HARD_NEGATIVE_KINDS = (
    "batch_generation",
    "shutdown",
    "rampup",
    "seasonal_peak",
    "out_of_city_receiver",
    "change_of_utiliser",
    "sibling_codes",
)

# How a waste arises: every month with output, or in batches (overhauls 1-3 times a year,
# packaging drums every 2-4 months, catalyst changes once a year).
FLOW, OVERHAUL, DRUMS, CATALYST = "flow", "overhaul", "drums", "catalyst"


@dataclass(frozen=True)
class Stream:
    waste_code: str  # SWnn, or the 8-digit code NNN-NNN-CC of HWcc
    intensity: float  # t per 万元 of output (per 万元 since the last batch, for batches)
    pattern: str = FLOW
    utilised: float = 0.0  # shares of the month's outflow: in-house use, in-house
    disposed: float = 0.0  # disposal, transfer to a receiver (the rest)
    stock_months: float = 0.2  # usual closing stock, in months of generation

    @property
    def category(self) -> str:
        return f"HW{self.waste_code[-2:]}" if self.hazardous else self.waste_code

    @property
    def hazardous(self) -> bool:
        return not self.waste_code.startswith("SW")

    @property
    def transferred(self) -> float:
        return max(0.0, 1.0 - self.utilised - self.disposed)


@dataclass(frozen=True)
class Industry:
    key: str
    trade: str  # the name's ending
    codes: tuple[str, ...]  # GB/T 4754-2017 classes
    parks: tuple[str, ...]
    output: tuple[float, float]  # monthly output value at capacity, 万元
    season: tuple[float, ...]  # per calendar month, January first
    count: int  # enterprises in a city of 120
    streams: tuple[Stream, ...] = ()
    accepts: tuple[str, ...] = ()  # categories received
    disposes: bool = False  # receipts are disposed (landfill, incineration), not utilised
    tier: int = 0  # 0 generates only; 1 receives and ships on; 2 receives last
    residue: Stream | None = None  # what treating its receipts leaves (t per t received)


FLAT = (1.0,) * 12
HEATING = (1.42, 1.3, 1.12, 0.92, 0.82, 0.86, 0.98, 0.98, 0.84, 0.92, 1.14, 1.36)
CONSTRUCTION = (0.5, 0.45, 0.8, 1.08, 1.22, 1.25, 1.18, 1.2, 1.15, 1.05, 0.78, 0.55)
YEAR_END = (0.88, 0.8, 0.95, 1.0, 1.0, 1.02, 0.98, 1.0, 1.02, 1.06, 1.14, 1.22)
SPRING_DIP = (0.96, 0.86, 1.0, 1.02, 1.03, 1.0, 0.99, 1.0, 1.02, 1.03, 1.02, 1.0)
PEAK = 1.2  # a month whose seasonal factor reaches this is a seasonal peak

OIL = (Stream("900-249-08", 0.00006, OVERHAUL),)
DRUM = (Stream("900-041-49", 0.00004, DRUMS),)

INDUSTRIES = (
    Industry(
        "coal_chemicals",
        "煤化工",
        ("2522", "2523", "2614"),
        ("IND-CC",),
        (15000, 45000),
        SPRING_DIP,
        9,
        (
            Stream("SW03", 0.25, utilised=0.05, disposed=0.35, stock_months=0.3),  # 气化渣
            Stream("SW02", 0.12, disposed=0.25, stock_months=0.2),
            Stream("SW06", 0.05, disposed=0.1, stock_months=0.25),
            Stream("252-017-11", 0.0012, stock_months=0.5),  # 气化焦油
            Stream("900-013-11", 0.0005, stock_months=0.6),  # 精馏残渣
            Stream("772-007-50", 0.0003, CATALYST),
            *OIL,
        ),
    ),
    Industry(
        "carbide_pvc",
        "氯碱化工",
        ("2651", "2619"),
        ("IND-CC",),
        (8000, 25000),
        FLAT,
        6,
        (
            Stream("SW16", 0.45, utilised=0.1, disposed=0.1, stock_months=0.2),  # 电石渣
            Stream("SW02", 0.12, disposed=0.3, stock_months=0.2),
            Stream("265-002-29", 0.0003, CATALYST),  # 废汞催化剂/含汞活性炭
            Stream("265-004-29", 0.00015, stock_months=0.8),
            Stream("900-217-08", 0.00005, OVERHAUL),
        ),
    ),
    Industry(
        "polysilicon",
        "硅材料",
        ("3985", "3825"),
        ("IND-SG",),
        (10000, 32000),
        FLAT,
        8,
        (
            Stream("SW59", 0.03, utilised=0.1, disposed=0.2, stock_months=0.4),
            Stream("SW16", 0.06, disposed=0.4, stock_months=0.3),
            Stream("900-300-34", 0.0007, stock_months=0.4),
            *DRUM,
            *OIL,
        ),
    ),
    Industry(
        "ferroalloy",
        "铁合金",
        ("3140",),
        ("IND-SG", "IND-GY"),
        (3000, 12000),
        SPRING_DIP,
        14,
        (
            Stream("SW01", 0.55, utilised=0.3, disposed=0.1, stock_months=0.3),
            Stream("SW59", 0.06, utilised=0.5, stock_months=0.3),
            Stream("900-217-08", 0.00004, OVERHAUL),
            Stream("900-249-08", 0.00004, OVERHAUL),
        ),
    ),
    Industry(
        "wind_blades",
        "风电叶片",
        ("3415",),
        ("IND-EQ",),
        (4000, 15000),
        YEAR_END,
        10,
        (
            Stream("SW59", 0.02, disposed=0.1, stock_months=0.5),  # 玻纤复合材料边角料
            Stream("SW17", 0.012, stock_months=0.4),
            Stream("900-014-13", 0.0007, stock_months=0.6),
            Stream("900-016-13", 0.00025, stock_months=0.8),
            Stream("900-252-12", 0.0002, stock_months=0.8),
            *DRUM,
        ),
    ),
    Industry(
        "machinery",
        "机械制造",
        ("3311", "3421", "3599"),
        ("IND-EQ",),
        (1500, 8000),
        FLAT,
        23,
        (
            Stream("SW17", 0.03, stock_months=0.3),
            Stream("SW59", 0.008, disposed=0.2, stock_months=0.4),
            Stream("900-214-08", 0.00008, OVERHAUL),
            Stream("900-217-08", 0.00006, OVERHAUL),
            Stream("900-249-08", 0.00005, OVERHAUL),
            Stream("900-006-09", 0.0004, stock_months=0.8),
            *DRUM,
        ),
    ),
    Industry(
        "pharmaceuticals",
        "生物制药",
        ("2710", "2761"),
        ("IND-EQ",),
        (2000, 10000),
        FLAT,
        10,
        (
            Stream("SW07", 0.05, disposed=0.2, stock_months=0.2),  # 菌渣污泥
            Stream("271-001-02", 0.0018, stock_months=0.4),
            Stream("271-002-02", 0.0009, stock_months=0.5),
            Stream("271-003-02", 0.0003, stock_months=0.8),
            *DRUM,
        ),
    ),
    Industry(
        "aluminium",
        "铝业",
        ("3216",),
        ("IND-AL",),
        (20000, 55000),
        FLAT,
        7,
        (
            Stream("SW59", 0.008, utilised=0.2, stock_months=0.4),
            Stream("321-023-48", 0.0005, stock_months=0.6),  # 大修渣
            Stream("321-025-48", 0.00025, stock_months=0.6),  # 炭渣
            Stream("321-026-48", 0.0003, stock_months=0.5),  # 二次铝灰
            Stream("900-218-08", 0.00003, OVERHAUL),
        ),
    ),
    Industry(
        "power",
        "热电",
        ("4411", "4412"),
        ("IND-CC", "IND-AL", "IND-SG"),
        (3000, 12000),
        HEATING,
        14,
        (
            Stream("SW02", 0.28, disposed=0.2, stock_months=0.15),
            Stream("SW03", 0.06, disposed=0.3, stock_months=0.2),
            Stream("SW06", 0.05, disposed=0.1, stock_months=0.2),
            Stream("772-007-50", 0.0003, CATALYST),
            Stream("900-220-08", 0.00005, OVERHAUL),
        ),
    ),
    Industry(
        "cement",
        "水泥",
        ("3011",),
        ("IND-CE", "IND-GY"),
        (2000, 8000),
        CONSTRUCTION,
        4,
        (*OIL, *DRUM),
        accepts=("SW01", "SW02", "SW03", "SW06", "SW16"),
        tier=1,
    ),
    Industry(
        "building_materials",
        "新型建材",
        ("3021", "3031"),
        ("IND-CE",),
        (800, 5000),
        CONSTRUCTION,
        6,
        (Stream("SW59", 0.01, disposed=0.3, stock_months=0.3),),
        accepts=("SW01", "SW02", "SW03", "SW06"),
        tier=1,
    ),
    Industry(
        "recycling",
        "再生资源",
        ("4210",),
        ("IND-CE",),
        (500, 3000),
        FLAT,
        2,
        accepts=("SW17", "SW59"),
        tier=1,
    ),
    Industry(
        "hazardous_incineration",
        "环保科技",
        ("7724",),
        ("IND-CE",),
        (800, 4000),
        FLAT,
        2,
        accepts=("HW02", "HW09", "HW11", "HW12", "HW13", "HW49"),
        disposes=True,
        tier=1,
        residue=Stream("772-003-18", 0.18, stock_months=0.5),
    ),
    Industry(
        "hazardous_utilisation",
        "资源再生",
        ("4220",),
        ("IND-CE",),
        (600, 3000),
        FLAT,
        2,
        accepts=("HW08", "HW09", "HW34", "HW50"),
        tier=1,
    ),
    Industry(
        "solid_waste_landfill",
        "固废处置",
        ("7723",),
        ("IND-CE", "IND-GY"),
        (300, 1500),
        FLAT,
        2,
        accepts=("SW07", "SW16", "SW59", "SW03"),
        disposes=True,
        tier=2,
    ),
    Industry(
        "hazardous_landfill",
        "安全填埋",
        ("7724",),
        ("IND-CE",),
        (300, 1500),
        FLAT,
        1,
        accepts=("HW18", "HW29", "HW48", "HW50"),
        disposes=True,
        tier=2,
    ),
)
INDUSTRY = {industry.key: industry for industry in INDUSTRIES}
# Receivers a small city cannot do without, in the order they are kept.
ESSENTIAL = (
    "cement",
    "hazardous_incineration",
    "hazardous_landfill",
    "hazardous_utilisation",
    "building_materials",
    "solid_waste_landfill",
    "recycling",
)

# (code, name, English name, district, division code, lon/lat box)
PARKS = (
    (
        "IND-CC",
        "（独立合成）土右煤化工产业园",
        "Independent synthetic coal-chemical park",
        "土默特右旗",
        "150221",
        (110.5, 40.5, 110.58, 40.55),
    ),
    (
        "IND-SG",
        "（独立合成）石拐硅材料产业园",
        "Independent synthetic silicon-materials park",
        "石拐区",
        "150205",
        (110.24, 40.66, 110.3, 40.7),
    ),
    (
        "IND-GY",
        "（独立合成）固阳金山工业园",
        "Independent synthetic Guyang Jinshan park",
        "固阳县",
        "150222",
        (110.02, 41.0, 110.08, 41.04),
    ),
    (
        "IND-EQ",
        "（独立合成）青山装备与医药产业园",
        "Independent synthetic equipment and pharmaceuticals park",
        "青山区",
        "150204",
        (109.88, 40.62, 109.94, 40.66),
    ),
    (
        "IND-AL",
        "（独立合成）东河铝产业园",
        "Independent synthetic aluminium park",
        "东河区",
        "150202",
        (110.1, 40.53, 110.16, 40.57),
    ),
    (
        "IND-CE",
        "（独立合成）九原循环经济园",
        "Independent synthetic circular-economy park",
        "九原区",
        "150207",
        (110.0, 40.58, 110.06, 40.62),
    ),
)


@dataclass(frozen=True)
class Outsider:
    """A licensed receiver outside the city: no ledgers or weighbridge here, but it confirms
    the manifests of what it receives."""

    name: str
    division: str
    lon: float
    lat: float
    plate: str  # its hauliers' plate prefix
    accepts: tuple[str, ...]
    industry_code: str


OUTSIDERS = (
    Outsider(
        "鄂尔多斯市东胜建材有限公司", "150602", 109.98, 39.82, "蒙K", ("SW02", "SW16"), "3011"
    ),
    Outsider(
        "呼和浩特市赛罕油品再生有限公司", "150105", 111.75, 40.8, "蒙A", ("HW08", "HW09"), "4220"
    ),
    Outsider(
        "乌海市海勃湾危废处置中心有限公司", "150302", 106.82, 39.67, "蒙C", ("HW18", "HW48"), "7724"
    ),
    Outsider(
        "巴彦淖尔市临河环境科技有限公司",
        "150802",
        107.4,
        40.75,
        "蒙L",
        ("HW02", "HW09", "HW12", "HW13", "HW34", "HW49"),
        "7724",
    ),
    Outsider("乌兰察布市集宁催化剂再生有限公司", "150902", 113.12, 41.02, "蒙J", ("HW50",), "4220"),
    Outsider(
        "石嘴山市大武口铝灰综合利用有限公司", "640202", 106.38, 39.02, "宁B", ("HW48",), "4220"
    ),
    Outsider("榆林市榆阳焦油加工有限公司", "610802", 109.73, 38.28, "陕K", ("HW11",), "2521"),
    Outsider("大同市平城汞回收有限公司", "140213", 113.3, 40.08, "晋B", ("HW29", "SW03"), "7724"),
)
NAME_STEMS = (
    "敕勒川",
    "阴山",
    "希拉穆仁",
    "美岱",
    "萨拉齐",
    "五当",
    "春坤山",
    "大青山",
    "哈素海",
    "南海子",
    "乌拉山",
    "召河",
    "百灵",
    "沙尔沁",
    "明安",
    "巴润",
    "金山",
    "石宝",
    "银海",
    "北辰",
    "塞外",
    "黄河湾",
    "九峰",
    "包钢路",
    "赛汗",
    "昆河",
    "新都",
    "盛源",
    "瑞通",
    "聚鑫",
    "宏基",
    "华晟",
    "博远",
    "恒旭",
    "东达",
    "天骄",
    "蒙元",
    "鑫磊",
    "泰和",
    "嘉盛",
)
TRANSPORTERS = (
    ("包头市阴山危险货物运输有限公司", "150207"),
    ("内蒙古敕勒川环保物流有限公司", "150204"),
    ("包头市蒙安危化品运输有限公司", "150202"),
)
