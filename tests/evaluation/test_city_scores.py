"""The green index of three parks over two years, computed by hand.

Groups and their indicators in the 2016 edition (equal weights 1/6, so
GI = 100 × (EG + RG + IG + CG + HG + MG) / 6, each group its mean r):
EG 1 2 3 | RG 4 5 6 7 (+8 9 10 11 optional) | IG 12 (+13–16) | CG 17 18 (+19 20) |
HG 21 22 23 24 25 (+26 27 28) | MG 29 30 31. Mandatory values start at their benchmark (r = 1).
"""

from decimal import Decimal as D

from evaluation.scoring import evaluation_score


def means(score) -> dict[str, D]:
    return {group.code: round(group.mean, 6) for group in score.groups}


def test_park_a_2024_lower_is_better_and_an_optional_indicator(city):
    score = evaluation_score(evaluation=city["PA", 2024])
    # #2 7.5/15 = 0.5 → EG (1 + 0.5 + 1)/3 = 0.833333
    # #8 (optional) 15/30 = 0.5 → RG (1 + 1 + 1 + 1 + 0.5)/5 = 0.9
    # #23 lower is better, value 10 vs benchmark 5 → 5/10 = 0.5 → HG (1 + 1 + 0.5 + 1 + 1)/5 = 0.9
    assert means(score) == {
        "EG": D("0.833333"),
        "RG": D("0.9"),
        "IG": D("1"),
        "CG": D("1"),
        "HG": D("0.9"),
        "MG": D("1"),
    }
    assert {s.number: s.r for s in score.indicators}[23] == D("0.5")
    # GI = 100 × (0.833333 + 0.9 + 1 + 1 + 0.9 + 1)/6 = 100 × 5.633333/6 = 93.888… → 93.89
    assert score.gi == D("93.89")
    assert score.passed and score.failed_mandatory == [] and score.eligibility_failures == []


def test_park_b_2024_missing_not_computable_and_not_met_fail(city):
    evaluation = city["PB", 2024]
    score = evaluation_score(evaluation=evaluation)
    statuses = {s.number: (s.status, s.r, s.passed) for s in score.indicators}
    assert statuses[7] == ("missing", 0, False)  # mandatory, never entered
    assert statuses[24] == ("not_computable", 0, False)
    assert statuses[30] == ("scored", 0, False)  # qualitative, not met
    assert statuses[8] == ("missing", None, None)  # optional: left out
    # RG (1 + 1 + 1 + 0)/4 = 0.75; HG (1 + 1 + 1 + 0 + 1)/5 = 0.8; MG (1 + 0 + 1)/3 = 0.666667
    # GI = 100 × (1 + 0.75 + 1 + 1 + 0.8 + 0.666667)/6 = 100 × 5.216667/6 = 86.944… → 86.94
    assert score.gi == D("86.94")
    assert score.failed_mandatory == [7, 24, 30]
    assert not score.passed  # GI ≥ 60, but three mandatory indicators fail
    assert (evaluation.score, evaluation.passed) == (D("86.94"), False)  # frozen at approval


def test_park_c_2024_reaches_the_same_index_another_way(city):
    score = evaluation_score(evaluation=city["PC", 2024])
    # #3 48.75/75 = 0.65 → EG (1 + 1 + 0.65)/3 = 0.883333; #17 15/30 = 0.5 → CG (0.5 + 1)/2 = 0.75
    # GI = 100 × (0.883333 + 1 + 1 + 0.75 + 1 + 1)/6 = 100 × 5.633333/6 → 93.89, A's index
    assert score.gi == D("93.89") and score.passed


def test_2025_a_negative_reduction_rate_a_low_index_and_an_unmet_requirement(city):
    a, b, c = (evaluation_score(evaluation=city[code, 2025]) for code in ("PA", "PB", "PC"))
    # A: #23 4 vs 5 → min(5/4, 1) = 1; #22 −1.5 vs 3 → max(0, −0.5) = 0 (present, so it passes)
    # HG (1 + 0 + 1 + 1 + 1)/5 = 0.8; GI = 100 × 5.8/6 = 96.666… → 96.67
    assert (a.gi, a.passed) == (D("96.67"), True)
    # B: every quantitative mandatory at r = 0.25, qualitative met: EG RG CG HG 0.25, IG MG 1
    # GI = 100 × (4 × 0.25 + 2)/6 = 50.00 < 60: fails on the pass mark alone
    assert (b.gi, b.passed, b.failed_mandatory) == (D("50.00"), False, [])
    # C: all at benchmark, GI 100.00, but basic requirement "compliance" is not met
    assert (c.gi, c.passed, c.eligibility_failures) == (D("100.00"), False, ["compliance"])


def test_an_approved_score_does_not_move_when_staff_change_the_weights(city, edition):
    edition.groups.filter(code="HG").update(weight=D("0.5"))
    assert evaluation_score(evaluation=city["PA", 2024]).gi == D("93.89")
