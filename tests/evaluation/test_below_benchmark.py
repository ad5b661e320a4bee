"""Indicators short of their benchmark (引领值) are marked in words, with value against
benchmark, on the evaluation page, the park's history and the ranking (page and API); a
mandatory one fails the park only when the catalogue says so (`fails_below_benchmark`)."""

import re
from html import unescape

import pytest
from django.core.exceptions import ValidationError

from evaluation import services
from evaluation.models import Indicator, ParkEvaluation
from evaluation.scoring import evaluation_score
from tests.evaluation.conftest import approved, fill

# The two solid-waste indicators at less than half their benchmarks (95 and 100).
SOLID_WASTE_LOW = {6: "45", 21: "45"}


def page(response) -> str:
    assert response.status_code == 200, response.status_code
    return unescape(response.content.decode())


def text(html: str) -> str:
    """The page's words, tags removed and spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def element(html: str, pattern: str) -> str:
    match = re.search(pattern, html, re.DOTALL)
    assert match, pattern
    return text(match.group(0))


@pytest.fixture
def low(edition, park_a, operator_a, regulator) -> ParkEvaluation:
    """Park A's 2025 evaluation, approved, with #6 and #21 at 45 %."""
    evaluation = services.evaluation_create(actor=operator_a, park=park_a, year=2025)
    fill(evaluation, operator_a, changes=SOLID_WASTE_LOW)
    return approved(evaluation, operator_a, regulator)


def _fail_below(number: int) -> None:
    indicator = Indicator.objects.get(edition__code="miit-2016", number=number)
    indicator.fails_below_benchmark = True
    indicator.full_clean()
    indicator.save()


def test_the_evaluation_page_marks_them_in_words(client, low, regulator):
    client.force_login(regulator)
    html = page(client.get(f"/evaluations/{low.pk}/"))
    below = element(html, r'<dd id="below-benchmark">.*?</dd>')
    assert "6 ★ mandatory" in below and "21 ★ mandatory" in below
    assert "Below the benchmark 45 % against 95 %" in below
    assert "Below the benchmark 45 % against 100 %" in below
    assert "Below the benchmark 45 % against 95 %" in element(html, r'<tr id="indicator-6".*?</tr>')
    assert "Below the benchmark" not in element(html, r'<tr id="indicator-1".*?</tr>')
    # By default a mandatory indicator below its benchmark lowers GI; it does not fail.
    assert element(html, r'<dd id="result">.*?</dd>') == "Passed"


def test_the_page_says_it_in_chinese(client, low, regulator):
    client.force_login(regulator)
    html = page(client.get(f"/evaluations/{low.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans"))
    below = element(html, r'<dd id="below-benchmark">.*?</dd>')
    assert "低于引领值 实际值45%，引领值95%" in below


def test_the_ranking_counts_them_and_names_the_mandatory_ones(
    client, api, low, edition, park_b, operator_b, regulator
):
    other = services.evaluation_create(actor=operator_b, park=park_b, year=2025)
    approved(fill(other, operator_b), operator_b, regulator)
    client.force_login(regulator)
    html = page(client.get("/evaluations/ranking/?year=2025"))
    ranking = re.search(r'<table class="data ranking">.*?</table>', html, re.DOTALL).group(0)
    rows = re.findall(r"<tr><td class=\"num\">\d+</td>.*?</tr>", ranking, re.DOTALL)
    by_park = {("PA" if "PA" in row else "PB"): row for row in rows}
    assert element(by_park["PA"], r'<td class="num below-count">.*?</td>') == "2"
    mandatory = element(by_park["PA"], r'<td class="mandatory-below">.*?</td>')
    assert mandatory.startswith("6. ") and "; 21. " in mandatory
    assert element(by_park["PB"], r'<td class="num below-count">.*?</td>') == "0"
    assert element(by_park["PB"], r'<td class="mandatory-below">.*?</td>') == "none"
    assert "Below the benchmark 45 % against 95 %" in text(html)

    api.force_authenticate(regulator)
    rows = api.get("/api/v1/park-evaluations/ranking/", {"year": 2025}).json()
    by_park = {row["park"]: row for row in rows}
    assert by_park["PA"]["below_benchmark"] == [6, 21]
    assert by_park["PA"]["mandatory_below_benchmark"] == [6, 21]
    assert by_park["PA"]["passed"] is True
    assert by_park["PB"]["below_benchmark"] == []


def test_the_api_marks_them_in_the_score(api, low, regulator):
    api.force_authenticate(regulator)
    computed = api.get(f"/api/v1/park-evaluations/{low.pk}/").json()["computed"]
    assert computed["below_benchmark"] == [6, 21]
    assert computed["mandatory_below_benchmark"] == [6, 21]
    six = next(item for item in computed["indicators"] if item["number"] == 6)
    assert (six["below_benchmark"], six["benchmark"], six["passed"]) == (True, "95.000000", True)
    one = next(item for item in computed["indicators"] if item["number"] == 1)
    assert one["below_benchmark"] is False
    assert computed["passed"] is True and computed["failed_mandatory"] == []


def test_the_history_marks_them(client, api, low, regulator):
    client.force_login(regulator)
    html = page(client.get("/parks/PA/evaluations/"))
    six = next(row for row in re.findall(r"<tr>.*?</tr>", html, re.DOTALL) if "综合利用率" in row)
    assert "Below the benchmark 45 % against 95 %" in text(six)

    api.force_authenticate(regulator)
    history = api.get("/api/v1/park-evaluations/history/", {"park": "PA"}).json()
    row = next(row for row in history["rows"] if row["number"] == 6)
    assert (row["mandatory"], row["benchmark"], row["direction"]) == (True, "95.000000", "higher")
    assert row["cells"][-1]["below_benchmark"] is True


def test_the_catalogue_setting_fails_the_park(client, api, edition, park_a, operator_a, regulator):
    _fail_below(6)
    evaluation = services.evaluation_create(actor=operator_a, park=park_a, year=2025)
    fill(evaluation, operator_a, changes=SOLID_WASTE_LOW)
    evaluation = approved(evaluation, operator_a, regulator)
    assert (evaluation.passed, evaluation.score_detail["failed_mandatory"]) == (False, [6])

    api.force_authenticate(regulator)
    computed = api.get(f"/api/v1/park-evaluations/{evaluation.pk}/").json()["computed"]
    assert (computed["passed"], computed["failed_mandatory"]) == (False, [6])
    catalogue = api.get("/api/v1/indicator-editions/miit-2016/").json()["indicators"]
    flags = {item["number"]: item["fails_below_benchmark"] for item in catalogue}
    assert flags[6] is True and flags[21] is False

    client.force_login(regulator)
    html = page(client.get(f"/evaluations/{evaluation.pk}/"))
    six = element(html, r'<tr id="indicator-6".*?</tr>')
    assert "required to pass" in six and "fails" in six
    assert element(html, r'<dd id="result">.*?</dd>') == "Failed"
    # #21 is below its benchmark too, but without the setting it only lowers GI
    assert "fails" not in element(html, r'<tr id="indicator-21".*?</tr>')


def test_at_the_benchmark_the_setting_changes_nothing(edition, park_a, operator_a):
    _fail_below(6)
    evaluation = services.evaluation_create(actor=operator_a, park=park_a, year=2025)
    fill(evaluation, operator_a)
    evaluation.refresh_from_db()
    score = evaluation_score(evaluation=evaluation)
    assert score.passed and score.below_benchmark == []


def test_only_a_mandatory_quantitative_indicator_takes_the_setting(edition):
    for number in (8, 12):  # optional; qualitative
        indicator = Indicator.objects.get(edition=edition, number=number)
        indicator.fails_below_benchmark = True
        with pytest.raises(ValidationError) as refused:
            indicator.full_clean()
        assert "fails_below_benchmark" in refused.value.message_dict


def test_a_score_approved_before_the_mark_existed_shows_it(low, regulator):
    for item in low.score_detail["indicators"]:
        del item["below_benchmark"], item["benchmark"]
    low.save(update_fields=["score_detail"])
    score = evaluation_score(evaluation=low)
    assert score.below_benchmark == [6, 21] and score.passed
