"""Filter pieces shared by the lists of every app (django-filter): a month typed as YYYY-MM and
an order that stays total, so that the portal's pages and the API's never overlap."""

from collections.abc import Callable, Sequence
from datetime import date

import django_filters
from django import forms
from django.db.models import QuerySet
from django.forms.utils import pretty_name
from django.utils.text import format_lazy
from django.utils.translation import pgettext_lazy

from wastewatch.tabular import month_parse


class MonthFilter(django_filters.CharFilter):
    """A month typed as YYYY-MM (an <input type="month">): the rows of that period, by
    `field_name` equal to the month's first day or by `by(queryset, period)`; text that is not
    a month matches nothing (rather than everything)."""

    def __init__(
        self, *args, by: Callable[[QuerySet, date], QuerySet] | None = None, **kwargs
    ) -> None:
        kwargs.setdefault("widget", forms.TextInput(attrs={"type": "month"}))
        super().__init__(*args, **kwargs)
        self.by = by

    def filter(self, qs: QuerySet, value: str) -> QuerySet:
        if not value:
            return qs
        period = month_parse(value)
        if period is None:
            return qs.none()
        if self.by is not None:
            return self.by(qs, period)
        return qs.filter(**{self.field_name: period})


DESCENDING = pgettext_lazy("sort order", "{} (descending)")


class StableOrdering(django_filters.OrderingFilter):
    """The order asked for, then `then` (the list's default order, ending in a unique
    field), so that pages never overlap."""

    def __init__(self, *args, then: Sequence[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.then = tuple(then)

    def build_choices(self, fields: dict[str, str], labels: dict[str, str]) -> list:
        """Labels found by field or by parameter, and the descending ones translated when the
        menu is drawn: django-filter formats them once, in the language of the request that
        first imported the filter, and finds labels by field only."""
        choices = []
        for field, param in fields.items():
            label = labels.get(field) or labels.get(param) or pretty_name(param)
            choices.append((param, label))
            choices.append((f"-{param}", format_lazy(DESCENDING, label)))
        return choices

    def filter(self, qs: QuerySet, value: list[str] | None) -> QuerySet:
        ordering = [self.get_ordering_value(param) for param in value or []]
        return qs.order_by(*ordering, *self.then)
