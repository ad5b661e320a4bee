"""The evaluation's labels and messages speak Chinese (evaluation/locale)."""

from django.utils import translation

from evaluation.models import Indicator, ParkEvaluation


def test_it_has_chinese_labels():
    with translation.override("zh-hans"):
        assert str(ParkEvaluation.Status.RETURNED.label) == "已退回修改"
        assert str(Indicator.Direction.LOWER.label) == "越低越好"
        assert str(Indicator._meta.get_field("benchmark").verbose_name) == "引领值"
