"""A difference quoted with its sign reads 0 %, unsigned, when it rounds to zero: "differed
by −0 %" or "+0 %" says a direction the figures do not have."""

import pytest
from django.utils import translation

from detection.reasons import reason_figures, reason_text

REASON = {
    "code": "measured_vs_reported",
    "reported_t": "1000.000",
    "measured_t": "950.000",
    "change_pct": -5.0,
    "usual_pct": -0.4,
    "tolerance_pct": "2.0",
}


@pytest.mark.parametrize("usual", [-0.4, 0.0, 0.3])
def test_a_difference_that_rounds_to_zero_has_no_sign(usual):
    reason = {**REASON, "usual_pct": usual}
    with translation.override("en"):
        assert "the two differed by 0 %, within" in reason_text(reason)
        assert ("Usual difference", "0 %") in reason_figures(reason)
    with translation.override("zh-hans"):
        assert "此前各月两者相差 0%，" in reason_text(reason)


def test_a_difference_that_rounds_away_from_zero_keeps_its_sign():
    with translation.override("en"):
        assert "differed by −1 %" in reason_text({**REASON, "usual_pct": -0.5})
        assert "differed by +1 %" in reason_text({**REASON, "usual_pct": 0.6})
