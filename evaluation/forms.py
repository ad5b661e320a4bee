"""Portal forms of the green-park evaluation. They only read what was typed: every rule of the
evaluation (what a value may be, who may change what, when) is checked by evaluation.services.
"""

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django import forms
from django.core.files import File
from django.utils.translation import gettext_lazy as _

from evaluation.models import (
    EVIDENCE_EXTENSIONS,
    Indicator,
    IndicatorEdition,
    IndicatorValue,
)
from evaluation.services import FIRST_YEAR, MAX_NOTE, ValueInput

MET, NOT_MET = "met", "not_met"


def plain(number: Decimal | None) -> str:
    """A decimal as typed, without trailing zeros or an exponent: 81.111100 → 81.1111."""
    if number is None:
        return ""
    text = format(number.normalize(), "f")
    return "0" if text in ("-0", "") else text


def _met_choice(met: bool | None) -> str:
    return "" if met is None else MET if met else NOT_MET


def _note(text: str) -> str:
    return text.replace("\r\n", "\n").strip()


class EvaluationStartForm(forms.Form):
    park = forms.SlugField(widget=forms.HiddenInput)
    year = forms.IntegerField(label=_("Year"), min_value=FIRST_YEAR, max_value=2100)


class EvaluationValuesForm(forms.Form):
    """Every indicator's value (a number, or met / not met), note and evidence file, and every
    basic requirement's answer. Only what differs from what is stored is sent to the services,
    so that an untouched derived value keeps its source and trace."""

    def __init__(
        self,
        *args: Any,
        indicators: Iterable[Indicator],
        requirements: Iterable[Mapping[str, Any]],
        values: Mapping[int, IndicatorValue],
        eligibility: Mapping[str, Any],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.indicators = list(indicators)
        requirements = list(requirements)
        self.requirement_codes = [item["code"] for item in requirements]
        self.stored_values = values
        self.stored_eligibility = eligibility
        accept = ",".join(f".{extension}" for extension in EVIDENCE_EXTENSIONS)
        for indicator in self.indicators:
            number, stored = indicator.number, values.get(indicator.number)
            label = f"{indicator.number}. {indicator.name}"
            if indicator.is_qualitative:
                self.fields[f"met_{number}"] = forms.ChoiceField(
                    label=label,
                    required=False,
                    choices=[("", "—"), (MET, _("Met")), (NOT_MET, _("Not met"))],
                    initial=_met_choice(stored.met if stored else None),
                    widget=forms.Select(attrs={"aria-label": label}),
                )
            else:
                self.fields[f"value_{number}"] = forms.DecimalField(
                    label=label,
                    required=False,
                    initial=plain(stored.value if stored else None),
                    widget=forms.TextInput(
                        attrs={"inputmode": "decimal", "size": 10, "aria-label": label}
                    ),
                )
            self.fields[f"note_{number}"] = forms.CharField(
                label=_("Note"),
                required=False,
                max_length=MAX_NOTE,
                initial=stored.note if stored else "",
                widget=forms.Textarea(
                    attrs={"rows": 1, "cols": 24, "aria-label": f"{label}: {_('Note')}"}
                ),
            )
            self.fields[f"evidence_{number}"] = forms.FileField(
                label=_("Evidence file"),
                required=False,
                widget=forms.FileInput(
                    attrs={"accept": accept, "aria-label": f"{label}: {_('Evidence file')}"}
                ),
            )
        for requirement in requirements:
            code = requirement["code"]
            answer = eligibility.get(code) or {}
            self.fields[f"requirement_{code}"] = forms.BooleanField(
                label=requirement["name"],
                required=False,
                initial=answer.get("met") is True,
            )
            self.fields[f"requirement_{code}_evidence"] = forms.CharField(
                label=_("Evidence"),
                required=False,
                max_length=MAX_NOTE,
                initial=answer.get("evidence", ""),
                widget=forms.Textarea(
                    attrs={"rows": 1, "cols": 40, "aria-label": f"{code}: {_('Evidence')}"}
                ),
            )

    def main_field(self, indicator: Indicator) -> str:
        """The field that carries the indicator's value, where its errors are shown."""
        prefix = "met" if indicator.is_qualitative else "value"
        return f"{prefix}_{indicator.number}"

    def value_items(self) -> list[ValueInput]:
        """The indicators whose value, met or note differ from what is stored."""
        items = []
        for indicator in self.indicators:
            number, stored = indicator.number, self.stored_values.get(indicator.number)
            note = _note(self.cleaned_data[f"note_{number}"])
            if indicator.is_qualitative:
                choice = self.cleaned_data[f"met_{number}"]
                value, met = None, None if not choice else choice == MET
            else:
                value, met = self.cleaned_data[f"value_{number}"], None
            if stored is None:
                changed = value is not None or met is not None or bool(note)
            else:
                changed = value != stored.value or met != stored.met or note != _note(stored.note)
            if changed:
                items.append(ValueInput(indicator=number, value=value, met=met, note=note))
        return items

    def eligibility_items(self) -> dict[str, dict[str, Any]]:
        """The basic requirements whose answer differs from what is recorded (an unanswered
        requirement left unticked and without evidence stays unanswered)."""
        items = {}
        for code in self.requirement_codes:
            met = self.cleaned_data[f"requirement_{code}"]
            evidence = _note(self.cleaned_data[f"requirement_{code}_evidence"])
            stored = self.stored_eligibility.get(code)
            if stored is None:
                changed = met or bool(evidence)
            else:
                changed = met != (stored.get("met") is True) or evidence != _note(
                    str(stored.get("evidence", ""))
                )
            if changed:
                items[code] = {"met": met, "evidence": evidence}
        return items

    def evidence_files(self) -> list[tuple[Indicator, File]]:
        return [
            (indicator, self.cleaned_data[f"evidence_{indicator.number}"])
            for indicator in self.indicators
            if self.cleaned_data.get(f"evidence_{indicator.number}")
        ]


class RankingForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), required=False, min_value=FIRST_YEAR, max_value=2100)
    edition = forms.ModelChoiceField(
        label=_("Edition"),
        queryset=IndicatorEdition.objects.order_by("code"),
        to_field_name="code",
        required=False,
        empty_label=None,
    )


class CommentForm(forms.Form):
    """The regulator's comment on approving or returning an evaluation."""

    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
