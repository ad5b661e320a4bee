"""The PDF's chart: the last 24 months of the scope's generated, utilised, disposed of and
stored tonnes, attributed as the indicators attribute them, drawn as SVG with Chinese labels."""

from datetime import date

from django.utils import translation

from reports.charts import flow_chart_svg
from reports.content import report_content

FEB = date(2026, 2, 1)


def test_the_months_are_the_hand_worked_figures(report_city, park_a):
    history = report_content(park=park_a, period=FEB, language="zh-hans").flow_history
    assert len(history) == 24
    assert (history[0].period, history[-1].period) == (date(2024, 3, 1), FEB)
    assert all(month.generated_t is None for month in history[:-2])  # no figures: a gap
    january, february = history[-2:]
    # January: G1 utilised 400 t and sent R1 300 t, which R1 utilised 80 % of (240 ÷ 300);
    # disposed of 100 + 60; its slag stock rose 200 t. February: 500 + 400 × 0.8 utilised,
    # 100 + 80 disposed of, the stock fell (nothing stored).
    assert (january.generated_t, january.utilised_t, january.disposed_t, january.stored_t) == (
        1020.0,
        640.0,
        160.0,
        200.0,
    )
    assert (february.generated_t, february.utilised_t, february.disposed_t) == (800.0, 820.0, 180.0)
    assert february.stored_t == 0.0


def test_the_svg_holds_four_series_and_chinese_labels(report_city, park_a):
    content = report_content(park=park_a, period=FEB, language="zh-hans")
    with translation.override("zh-hans"):
        svg = flow_chart_svg(content)
    assert svg.startswith("<?xml") and "<svg" in svg
    for key in ("generated", "utilised", "disposed", "stored"):
        start = svg.index(f'id="series-{key}"')
        series = svg[start : svg.index("</g>", start)]
        assert series.count("<use ") == 2  # a marker for January and February only
    for label in ("产生量", "综合利用量", "处置量", "贮存量", "吨", "2026-02", "2024-05"):
        assert f">{label}<" in svg  # as text, drawn by the PDF's CJK font
    assert "Noto Sans CJK SC" in svg
    with translation.override("zh-hans"):
        assert flow_chart_svg(content) == svg  # the same figures draw the same chart
