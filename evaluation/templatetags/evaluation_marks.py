"""The evaluation pages' small marks: an indicator's status, a value short of its benchmark, a
pass or a fail, a name with its English beside it. Tags rather than included templates: the
ranking draws one for most of its 600 cells, and an include cost it a millisecond per 20."""

from typing import Any

from django import template
from django.utils.formats import localize
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

from evaluation.models import Indicator
from evaluation.scoring import MISSING, NO_EVALUATION, NOT_COMPUTABLE, SCORED

register = template.Library()


@register.simple_tag
def indicator_status(status: str, mandatory: bool = False) -> str:
    """Scored, or why not: missing and not computable stand out for a mandatory indicator."""
    if status == SCORED:
        return _("scored")
    if status in (MISSING, NOT_COMPUTABLE):
        label = _("missing") if status == MISSING else _("not computable")
        return format_html('<span class="{}">{}</span>', "issue" if mandatory else "muted", label)
    if status == NO_EVALUATION:
        return format_html('<span class="muted">{}</span>', _("no evaluation"))
    return ""


@register.simple_tag
def benchmark_mark(item: Any, indicator: Any, value: Any, benchmark: Any) -> str:
    """A value short of its benchmark, said in words with both figures (`indicator` is an
    Indicator or a history row: anything with a direction and a unit)."""
    if not getattr(item, "below_benchmark", False):
        return ""
    if indicator.direction == Indicator.Direction.LOWER:
        mark = _("Above the benchmark (lower is better)")
    elif indicator.direction == Indicator.Direction.QUALITATIVE:
        mark = _("Short of the benchmark")
    else:
        mark = _("Below the benchmark")
    if indicator.direction == Indicator.Direction.QUALITATIVE:
        against = _("benchmark: %(benchmark)s") % {"benchmark": localize(benchmark)}
    else:
        against = _("%(value)s %(unit)s against %(benchmark)s %(unit)s") % {
            "value": localize(value),
            "unit": indicator.unit,
            "benchmark": localize(benchmark),
        }
    return format_html(
        '<span class="issue below-benchmark">{}</span> <small class="against">{}</small>',
        mark,
        against,
    )


@register.simple_tag
def evaluation_passed(passed: bool | None) -> str:
    if passed is None:
        return "—"
    if passed:
        return format_html(
            '<span class="passed">{}</span>', pgettext("evaluation result", "Passed")
        )
    return format_html('<span class="issue">{}</span>', pgettext("evaluation result", "Failed"))


@register.simple_tag
def indicator_name(name: str, name_en: str = "") -> str | SafeString:
    """The catalogue's name (Chinese, as the standard words it), its English beside it on an
    English page."""
    if name_en and (get_language() or "").startswith("en"):
        return format_html('{} <small class="name-en">{}</small>', name, name_en)
    return name
