"""The report's summary is the Indicators page's, to the cent."""

from datetime import date

from reports.content import report_content


def test_the_summary_equals_the_indicators_api(report_city, park_a, regulator, api):
    api.force_authenticate(regulator)
    body = api.get("/api/v1/city-indicators/", {"park": "PA", "period": "2026-01"}).json()
    content = report_content(park=park_a, period=date(2026, 1, 1), language="en")
    summary = content.section("summary")
    assert [row[0] for row in summary.rows] == [i["name"] for i in body["indicators"]]
    assert [row[2:4] for row in summary.rows] == [
        [i["month"]["value"], i["year_to_date"]["value"]] for i in body["indicators"]
    ]
    assert any(value is not None for row in summary.rows for value in row[2:4])
    assert [row[7:9] for row in summary.rows] == [
        [i["month"]["handling_unknown_t"], i["month"]["handling_unknown_share_pct"]]
        for i in body["indicators"]
    ]
