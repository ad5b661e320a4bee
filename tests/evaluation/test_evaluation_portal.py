"""The portal pages of the green-park evaluation: the list, an evaluation's form and workflow
buttons, the regulator's ranking and a park's last three years, in both languages."""

import re
from decimal import Decimal
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from evaluation import services
from evaluation.models import IndicatorValue, ParkEvaluation
from tests.evaluation.conftest import fill

LIST = "/evaluations/"


def page(response) -> str:
    assert response.status_code == 200, response.status_code
    return unescape(response.content.decode())


def url(evaluation: ParkEvaluation, action: str = "") -> str:
    return f"/evaluations/{evaluation.pk}/{action + '/' if action else ''}"


def form_data(client, evaluation: ParkEvaluation, **changes: object) -> dict[str, object]:
    """What the browser posts from the evaluation's form, as shown, with `changes` typed in."""
    form = client.get(url(evaluation)).context["form"]
    data = {}
    for field in form:
        value = field.value()
        if value is True:
            data[field.name] = "on"
        elif value not in (None, False):
            data[field.name] = str(value)
    return {**data, **changes}


def row(html: str, number: int) -> str:
    """The table row of an indicator on an evaluation page."""
    match = re.search(rf'<tr id="indicator-{number}".*?</tr>', html, re.DOTALL)
    assert match, f"no row for indicator {number}"
    return match.group(0)


@pytest.fixture
def draft(edition, park_a, operator_a) -> ParkEvaluation:
    return services.evaluation_create(actor=operator_a, park=park_a, year=2025)


@pytest.mark.smoke
def test_an_operator_starts_fills_in_derives_and_submits(client, operator_a, edition, ledger_city):
    client.force_login(operator_a)
    listing = page(client.get(LIST))
    assert "Park A" in listing and "Start the evaluation of this year" in listing
    assert "Ranking of the parks" not in listing  # the regulator's link

    html = page(client.post("/evaluations/start/", {"park": "PA", "year": 2026}, follow=True))
    evaluation = ParkEvaluation.objects.get(park__code="PA", year=2026)
    assert "The evaluation of 2026 is started" in html and "Draft" in html
    assert 'name="value_1"' in html and 'name="met_12"' in html
    again = page(client.post("/evaluations/start/", {"park": "PA", "year": 2026}, follow=True))
    assert "PA already has an evaluation of 2026: revise it instead." in again

    # One value the evaluation cannot store: its reason on its row, and nothing saved.
    data = form_data(
        client, evaluation, value_1="3", value_2="1e15", met_12="met", requirement_scope="on"
    )
    html = page(client.post(url(evaluation, "save"), data))
    assert "Nothing was saved: 1 problem(s) to fix." in html
    assert "The value is not a number the evaluation can store." in row(html, 2)
    assert 'value="3"' in row(html, 1)  # what was typed is kept
    assert not evaluation.values.exists()
    evaluation.refresh_from_db()
    assert evaluation.eligibility == {}
    data = form_data(client, evaluation, value_1="3", value_2="abc")
    html = page(client.post(url(evaluation, "save"), data))
    assert "Enter a number." in row(html, 2) and not evaluation.values.exists()

    html = page(
        client.post(
            url(evaluation, "save"),
            form_data(
                client,
                evaluation,
                value_1="3",
                note_1="统计年鉴",
                met_12="met",
                requirement_scope="on",
                requirement_scope_evidence="园区批复文件",
            ),
            follow=True,
        )
    )
    assert "Saved." in html
    values = {v.indicator.number: v for v in evaluation.values.select_related("indicator")}
    assert set(values) == {1, 12}
    assert (values[1].value, values[1].note, values[12].met) == (3, "统计年鉴", True)
    evaluation.refresh_from_db()
    assert evaluation.eligibility == {"scope": {"met": True, "evidence": "园区批复文件"}}

    html = page(client.post(url(evaluation, "derive"), follow=True))
    assert "Indicators #6, #21 were computed from the park's ledgers of 2026." in html
    six = row(html, 6)
    assert 'value="81.1111"' in six
    # The trace in words, never the variable names it is stored under
    assert "Quantity utilised ÷ (quantity generated + prior years' stock utilised) × 100" in six
    assert "Quantity utilised 1,460.000 t" in six and "utilised_t" not in six
    assert "Below the benchmark" in six and "81.1111 % against 95 %" in six
    assert (
        'href="/api/v1/ledger-entries/?period_from=2026-01-01&period_to=2026-12-01&park=PA"' in six
    )
    # Saving the form again leaves the untouched derived values as they are, with their trace;
    # a value typed over a derived one is entered by hand.
    data = form_data(client, evaluation, value_21="99")
    assert data["value_6"] == "81.1111" and data["note_1"] == "统计年鉴"
    assert "Saved." in page(client.post(url(evaluation, "save"), data, follow=True))
    six, twenty_one = evaluation.values.filter(indicator__number__in=[6, 21]).order_by("indicator")
    assert six.source == IndicatorValue.Source.DERIVED and six.trace["figures"]
    assert six.value == Decimal("81.1111")
    assert (twenty_one.source, twenty_one.value, twenty_one.trace) == ("entered", 99, {})
    assert evaluation.values.get(indicator__number=1).note == "统计年鉴"
    assert evaluation.values.get(indicator__number=12).met is True

    html = page(client.post(url(evaluation, "submit"), follow=True))
    assert "Submitted to the regulator." in html
    assert 'name="value_1"' not in html and "Return to the park" not in html
    evaluation.refresh_from_db()
    assert evaluation.status == ParkEvaluation.Status.SUBMITTED


def test_evidence_files_are_attached_and_a_wrong_type_saves_nothing(client, operator_a, draft):
    client.force_login(operator_a)
    html = page(
        client.post(
            url(draft, "save"),
            form_data(
                client,
                draft,
                value_1="3",
                evidence_1=SimpleUploadedFile("setup.exe", b"MZ", "application/octet-stream"),
            ),
        )
    )
    assert "Send one of: pdf" in row(html, 1)
    assert not draft.values.exists()
    pdf = SimpleUploadedFile("能源审计.pdf", b"%PDF-1.4\n", "application/pdf")
    data = form_data(client, draft, value_1="3", evidence_1=pdf)
    html = page(client.post(url(draft, "save"), data, follow=True))
    value = draft.values.get(indicator__number=1)
    assert value.value == 3 and value.evidence.name.endswith(".pdf")
    assert f"/api/v1/park-evaluations/{draft.pk}/evidence/1/" in row(html, 1)


def test_the_regulator_returns_then_approves_and_the_operator_revises(
    client, operator_a, regulator, draft
):
    fill(draft, operator_a)
    services.evaluation_submit(actor=operator_a, evaluation=draft)

    client.force_login(regulator)
    html = page(client.get(url(draft)))
    assert "Approve" in html and "Return to the park" in html
    assert 'name="value_1"' not in html  # regulators never enter a park's figures
    assert client.post(url(draft, "save"), {"value_1": "1"}).status_code == 403
    html = page(client.post(url(draft, "return"), {"comment": "  "}, follow=True))
    assert "Say what the park should change." in html
    draft.refresh_from_db()
    assert draft.status == ParkEvaluation.Status.SUBMITTED
    html = page(client.post(url(draft, "return"), {"comment": "#23 请附监测报告"}, follow=True))
    assert "Returned to the park with your comment." in html

    client.force_login(operator_a)
    html = page(client.get(url(draft)))
    assert "Returned for changes" in html and "#23 请附监测报告" in html
    assert 'name="value_23"' in html
    assert client.post(url(draft, "approve")).status_code == 403
    page(client.post(url(draft, "submit"), follow=True))

    client.force_login(regulator)
    html = page(client.post(url(draft, "approve"), {"comment": ""}, follow=True))
    assert "Approved: the green index 100.00 is frozen." in html
    draft.refresh_from_db()
    assert (draft.status, draft.score, draft.passed) == ("approved", 100, True)

    client.force_login(operator_a)
    html = page(client.get(url(draft)))
    for field in ("value_", "met_", "note_", "evidence_", "requirement_"):
        assert f'name="{field}' not in html
    assert "<textarea" not in html and ">Save</button>" not in html
    assert "Revise (new version)" in html
    html = page(client.post(url(draft, "save"), {"value_1": "1"}, follow=True))
    assert "Version 1 is approved and frozen: revise it to make a new version." in html
    assert draft.values.get(indicator__number=1).value == 3

    html = page(client.post(url(draft, "revise"), follow=True))
    revision = ParkEvaluation.objects.get(park=draft.park, year=2025, version=2)
    assert revision.status == ParkEvaluation.Status.DRAFT
    assert "Version 2 is started from the approved values" in html
    assert 'name="value_1"' in html and 'value="3"' in row(html, 1)
    assert "Revise (new version)" not in page(client.get(url(draft)))  # v2 is the latest


def test_the_ranking_orders_the_parks_and_each_user_sees_their_scope(
    client, city, regulator, operator_b, park_a
):
    client.force_login(regulator)
    assert "Ranking of the parks" in page(client.get(LIST))
    html = page(client.get("/evaluations/ranking/?year=2025&edition=miit-2016"))
    ranking = html.split("<h2>")[0]
    # C 100.00 (fails a basic requirement), A 96.67, B 50.00
    assert ranking.index("Park C") < ranking.index("Park A") < ranking.index("Park B")
    assert "100.00" in ranking and "96.67" in ranking and "50.00" in ranking
    # #23, lower is better: A's 4 beats C's 5 and B's 20
    line = re.search(r'<tr><td class="num">23 .*?</tr>', html, re.DOTALL).group(0)
    assert 'class="num best">4<br>' in line and line.count(" best") == 1
    # without a year, the latest year with an approved evaluation
    assert "Ranking of the parks, 2025" in page(client.get("/evaluations/ranking/"))

    client.force_login(operator_b)
    html = page(client.get("/evaluations/ranking/?year=2025"))
    assert "Park B" in html and "Park A" not in html and "Park C" not in html
    assert client.get(url(city["PA", 2025])).status_code == 404
    assert client.post(url(city["PA", 2025], "revise")).status_code == 404
    assert client.get("/parks/PA/evaluations/").status_code == 404
    listing = page(client.get(LIST))
    assert "Park B" in listing and "Park A" not in listing


def test_the_list_filters_by_year_park_and_status(client, city, regulator):
    client.force_login(regulator)
    html = page(client.get(LIST, {"year": 2024, "park": "PB"}))
    assert html.count("/evaluations/" + str(city["PB", 2024].pk) + "/") >= 1
    assert f"/evaluations/{city['PB', 2025].pk}/" not in html
    assert f"/evaluations/{city['PA', 2024].pk}/" not in html
    html = page(client.get(LIST, {"status": "draft"}))
    assert "No evaluation in this list." in html


def test_the_history_shows_three_years_side_by_side(client, city, operator_a):
    client.force_login(operator_a)
    assert "/parks/PA/evaluations/" in page(client.get("/parks/PA/"))
    html = page(client.get("/parks/PA/evaluations/"))
    header = re.search(r"<thead>.*?</thead>", html, re.DOTALL).group(0)
    assert re.findall(r'<th scope="col" class="num year">(?:<a [^>]*>)?(\d{4})', header) == [
        "2023",
        "2024",
        "2025",
    ]
    assert "93.89" in html and "96.67" in html and "no evaluation" in html
    html = page(client.get("/parks/PA/evaluations/?year=2024"))
    assert "Green-park evaluations 2022–2024" in html


def test_the_pages_speak_chinese_and_english(client, city, operator_a):
    client.force_login(operator_a)
    evaluation = url(city["PA", 2025])
    chinese = page(client.get(evaluation, HTTP_ACCEPT_LANGUAGE="zh-hans"))
    assert "工业固体废弃物综合利用率" in chinese  # indicator #6
    assert "越高越好" in chinese and "已审核通过" in chinese  # Higher is better, Approved
    assert "Comprehensive utilisation rate of industrial solid waste" not in chinese
    english = page(client.get(evaluation, HTTP_ACCEPT_LANGUAGE="en"))
    assert "工业固体废弃物综合利用率" in english  # the Chinese name stays, the English beside it
    assert "Comprehensive utilisation rate of industrial solid waste" in english
    assert "Higher is better" in english
    for path in ("/parks/PA/evaluations/", "/evaluations/ranking/?year=2025", LIST):
        html = page(client.get(path, HTTP_ACCEPT_LANGUAGE="zh-hans"))
        assert "甲园区" in html
        if path != LIST:
            assert "工业固体废弃物综合利用率" in html


def test_the_ranking_refuses_a_wrong_year_and_shows_the_latest(client, city, regulator):
    client.force_login(regulator)
    html = page(client.get("/evaluations/ranking/", {"year": "1999"}))
    assert "Ensure this value is greater than or equal to 2000." in html
    assert "Ranking of the parks, 2025" in html
    html = page(client.get("/evaluations/ranking/", {"edition": "miit-2016"}))
    assert "Ranking of the parks, 2025" in html and 'name="year" value="2025"' in html
