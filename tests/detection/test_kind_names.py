"""Every check that raises flags has a name in words, in both languages."""

from django.utils import translation

from detection.checks import RULES
from detection.reasons import KIND_NAMES, kind_name


def test_every_check_has_a_name():
    assert set(KIND_NAMES) == {*RULES, "model"}


def test_the_names_are_translated():
    with translation.override("zh-hans"):
        assert kind_name("stock_carry") == "期初贮存量与上月期末贮存量不衔接"
        assert kind_name("no_such_check") == "no_such_check"  # a new check shows its code
    with translation.override("en"):
        assert kind_name("reporting") == "Late or missing ledger"
