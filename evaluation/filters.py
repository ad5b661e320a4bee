"""The evaluations list's filters, one FilterSet for the portal's list and the API's
`GET park-evaluations/`: park, year, status and edition."""

from collections.abc import Iterable
from typing import Any

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from evaluation.models import ParkEvaluation


class ParkEvaluationFilter(django_filters.FilterSet):
    park = django_filters.CharFilter(
        field_name="park__code", label=_("Park"), help_text="Park code."
    )
    year = django_filters.NumberFilter(label=_("Year"), help_text="The year evaluated.")
    status = django_filters.ChoiceFilter(
        choices=ParkEvaluation.Status.choices,
        label=_("Status"),
        empty_label=_("Any status"),
        help_text="The evaluation's state in the workflow.",
    )
    edition = django_filters.CharFilter(
        field_name="edition__code", label=_("Edition"), help_text="Edition code."
    )

    class Meta:
        model = ParkEvaluation
        fields = ["park", "year", "status", "edition"]

    def __init__(
        self, *args: Any, park_choices: Iterable[tuple[str, str]] | None = None, **kwargs: Any
    ) -> None:
        """`park_choices` (code, name): the portal offers the reader's parks in a select. Any
        code still filters, so a park out of reach lists nothing rather than erring."""
        super().__init__(*args, **kwargs)
        if park_choices is not None:
            choices = [("", _("All parks")), *park_choices]
            self.filters["park"].extra["widget"] = forms.Select(choices=choices)
