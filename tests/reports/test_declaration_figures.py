"""An enterprise's declaration in the national flow-summary layout, worked out by hand from
H1's ledger (tests/reports/conftest.py): hazardous waste per waste code with its receivers and
their credit codes, general waste per category, and the quarter's sums and stocks."""

from datetime import date

from reports.declaration import declaration_content

JAN, Q1 = date(2026, 1, 1), date(2026, 1, 1)


def _rows(section) -> dict:
    keys = [c.key for c in section.columns]
    return {tuple(row[:2]): dict(zip(keys, row, strict=True)) for row in section.rows}


def test_the_month_gives_each_hazardous_code_its_stages(declaring_city):
    content = declaration_content(
        enterprise=declaring_city["H1"], span="month", period=JAN, language="zh-hans"
    )
    hazardous = _rows(content.section("hazardous"))
    oil = hazardous[("900-249-08", "废矿物油与含矿物油废物")]
    assert {k: oil[k] for k in list(oil)[2:]} == {
        "category": "HW08",
        "opening": 4.0,
        "generated": 12.0,
        "received": 0.0,
        "stored": 1.0,  # closing 5 − opening 4
        "utilised": 1.0,
        "disposed": 0.0,
        "to_utilisation": 2.0,
        "to_disposal": 8.0,
        "to_storage": 0.0,
        "to_unstated": 0.0,
        "closing": 5.0,
        "residual": None,
    }
    carbon = next(r for (code, _n), r in hazardous.items() if code == "900-039-49")
    assert (carbon["generated"], carbon["stored"], carbon["closing"]) == (0.5, 0.5, 0.5)
    transfers = content.section("hazardous_transfers").rows
    r1, stranger = declaring_city["R1"], next(r for r in transfers if r[3] == "未登记")
    assert [r for r in transfers if r[4] == r1.credit_code] == [
        ["900-249-08", "HW08", "委托处置", "R1", r1.credit_code, "是", 8.0]
    ]
    assert stranger[:3] == ["900-249-08", "HW08", "委托利用"] and stranger[6] == 2.0


def test_general_waste_is_declared_per_category_with_its_receivers(declaring_city):
    content = declaration_content(
        enterprise=declaring_city["H1"], span="month", period=JAN, language="zh-hans"
    )
    [slag] = content.section("general").rows
    columns = [c.key for c in content.section("general").columns]
    slag = dict(zip(columns, slag, strict=True))
    assert (slag["category"], slag["generated"], slag["utilised"]) == ("SW01", 100.0, 30.0)
    assert (slag["to_utilisation"], slag["stored"], slag["closing"]) == (50.0, 20.0, 20.0)
    r1 = declaring_city["R1"]
    assert content.section("general_transfers").rows == [
        ["SW01", "委托利用", "R1", r1.credit_code, "是", 50.0]
    ]
    assert [row[0] for row in content.section("manifests").rows] == ["20261502000101"]


def test_the_quarter_sums_its_months_between_januarys_opening_and_marchs_closing(
    declaring_city,
):
    content = declaration_content(
        enterprise=declaring_city["H1"], span="quarter", period=date(2026, 2, 1), language="en"
    )
    assert content.period == Q1 and content.span == "quarter"
    section = content.section("hazardous")
    assert [c.title for c in section.columns][:6] == [
        "Waste code",
        "Waste name",
        "Waste category",
        "Opening stock (t)",
        "Generated (t)",
        "Received from others (t)",
    ]
    oil = dict(zip([c.key for c in section.columns], section.rows[0], strict=True))
    assert oil["waste_code"] == "900-249-08"
    assert (oil["opening"], oil["generated"], oil["closing"], oil["stored"]) == (4, 30, 7, 3)
    assert (oil["utilised"], oil["disposed"]) == (1, 2)
    assert (oil["to_utilisation"], oil["to_disposal"], oil["residual"]) == (2, 22, None)
    general = content.section("general")
    slag = dict(zip([c.key for c in general.columns], general.rows[0], strict=True))
    assert (slag["opening"], slag["generated"], slag["closing"]) == (0, 240, 5)
    assert (slag["to_utilisation"], slag["to_disposal"], slag["disposed"]) == (140, 55, 10)
    transfers = content.section("general_transfers").rows
    assert [(row[1], row[2], row[5]) for row in transfers] == [
        ("Commissioned disposal", "not registered", 55.0),
        ("Commissioned utilisation", "R1", 140.0),
    ]
    assert [row[0] for row in content.section("manifests").rows] == [
        "20261502000101",
        "20261502000102",
    ]


def test_the_cover_names_the_enterprise_its_tier_and_deadline(declaring_city):
    h1 = declaring_city["H1"]
    year = declaration_content(enterprise=h1, span="year", period=JAN, language="zh-hans")
    cover = dict(year.cover)
    assert year.title == "工业固体废物年度申报"
    assert cover["统一社会信用代码"] == h1.credit_code
    assert cover["危险废物管理类别"] == "危险废物环境重点监管单位"
    assert cover["申报截止日期"] == "2027-03-31"
    month = declaration_content(enterprise=h1, span="month", period=JAN, language="en")
    assert dict(month.cover)["Deadline to file"] == "2026-02-15"
    quarter = declaration_content(enterprise=h1, span="quarter", period=JAN, language="en")
    assert dict(quarter.cover)["Deadline to file"] == "2026-04-15"


def test_a_unit_with_nothing_recorded_declares_empty_sections(enterprise_a, catalogue):
    content = declaration_content(enterprise=enterprise_a, span="year", period=JAN, language="en")
    assert [s.rows for s in content.sections] == [[], [], [], [], []]
    assert dict(content.cover)["Hazardous-waste management tier"] == "none (no hazardous waste)"
