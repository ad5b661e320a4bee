"""Reads of the registry, scoped by role: nobody reads a park or enterprise they may not."""

from datetime import date
from typing import Any, NamedTuple

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Q, QuerySet

from parks.models import EconomicFigure, Enterprise, EnterpriseMembership, Park, ParkMembership
from wastewatch.roles import User, is_staff_admin, reads_whole_city


def park_list(*, user: User) -> QuerySet[Park]:
    """Parks the user may read: all for the city-wide roles, else their own parks.

    An enterprise user reads the park its enterprise is in, for context.
    """
    parks = Park.objects.all()
    if reads_whole_city(user):
        return parks
    if not user.is_authenticated:
        return parks.none()
    return parks.filter(
        Q(pk__in=ParkMembership.objects.filter(user=user).values("park_id"))
        | Q(pk__in=EnterpriseMembership.objects.filter(user=user).values("enterprise__park_id"))
    )


def enterprise_list(*, user: User) -> QuerySet[Enterprise]:
    """Enterprises the user may read: the city, their parks' ones, or their own."""
    # A park's boundary is the largest value of the registry and no list of enterprises draws it.
    enterprises = Enterprise.objects.select_related("park").defer("park__boundary")
    if reads_whole_city(user):
        return enterprises
    if not user.is_authenticated:
        return enterprises.none()
    return enterprises.filter(
        Q(park__in=ParkMembership.objects.filter(user=user).values("park_id"))
        | Q(pk__in=EnterpriseMembership.objects.filter(user=user).values("enterprise_id"))
    )


def enterprise_readable_ids(*, user: User, ids: set[int] | list[int]) -> set[int]:
    """Which of the enterprises `ids` the user may read: where a page may link to their own
    page (a manifest's counterparty may be outside the reader's scope)."""
    if reads_whole_city(user):
        return set(ids)
    return set(enterprise_list(user=user).filter(pk__in=ids).values_list("pk", flat=True))


def parks_operated(*, user: User) -> QuerySet[Park]:
    """Parks whose registry the user may change: all for a staff admin, else their own."""
    if is_staff_admin(user):
        return Park.objects.all()
    if not user.is_authenticated:
        return Park.objects.none()
    return Park.objects.filter(memberships__user=user)


def park_can_change(*, user: User, park: Park) -> bool:
    return parks_operated(user=user).filter(pk=park.pk).exists()


def enterprise_can_change(*, user: User, enterprise: Enterprise) -> bool:
    if is_staff_admin(user):
        return True
    return (
        enterprise.park_id is not None
        and parks_operated(user=user).filter(pk=enterprise.park_id).exists()
    )


def park_for_point(*, point) -> Park | None:
    """The park whose boundary contains a point, if any."""
    return Park.objects.filter(boundary__intersects=point).order_by("code").first()


def record_history(*, obj: Park | Enterprise) -> list[dict[str, Any]]:
    """The change history of a park or enterprise, newest first: who, when, what changed."""
    records = list(obj.history.select_related("history_user").order_by("-history_id"))
    result = []
    for index, record in enumerate(records):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None:
            delta = record.diff_against(previous)
            changes = [
                {"field": change.field, "old": _plain(change.old), "new": _plain(change.new)}
                for change in delta.changes
            ]
        result.append(
            {
                "history_id": record.history_id,
                "date": record.history_date,
                "type": {"+": "created", "~": "changed", "-": "deleted"}[record.history_type],
                "user": record.history_user.get_username() if record.history_user else None,
                "reason": record.history_change_reason or "",
                "changes": changes,
            }
        )
    return result


def _plain(value: Any) -> Any:
    """History values as JSON-friendly text (geometries as WKT, keys as ids)."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    wkt = getattr(value, "wkt", None)
    return wkt if wkt is not None else str(value)


def enterprise_list_reportable(*, user: User) -> QuerySet[Enterprise]:
    """Enterprises the user may report figures for: a staff admin all; a park operator their
    parks' enterprises; an enterprise user their own. Regulators read, they do not report."""
    if is_staff_admin(user):
        return Enterprise.objects.all()
    if not user.is_authenticated:
        return Enterprise.objects.none()
    return Enterprise.objects.filter(
        Q(park__in=ParkMembership.objects.filter(user=user).values("park_id"))
        | Q(pk__in=EnterpriseMembership.objects.filter(user=user).values("enterprise_id"))
    )


def reporters_within(*, user: User) -> QuerySet:
    """The ids of the users whose reporting rights (enterprise_list_reportable) all lie among
    the enterprises `user` reads: whose uploads `user` may read whole. A park operator's
    colleagues in the same parks and their enterprises' users; an enterprise user's colleagues
    of the same enterprise. Someone who also reports elsewhere, or a staff admin (who may
    report anything), is not among them."""
    if not user.is_authenticated:
        return ParkMembership.objects.none().values("user_id")
    parks = ParkMembership.objects.filter(user=user).values("park_id")
    readable = enterprise_list(user=user).values("pk")
    return (
        get_user_model()
        .objects.filter(
            Q(pk__in=ParkMembership.objects.filter(park_id__in=parks).values("user_id"))
            | Q(
                pk__in=EnterpriseMembership.objects.filter(enterprise__in=readable).values(
                    "user_id"
                )
            ),
            is_superuser=False,
        )
        .exclude(pk__in=ParkMembership.objects.exclude(park_id__in=parks).values("user_id"))
        .exclude(
            pk__in=EnterpriseMembership.objects.exclude(enterprise__in=readable).values("user_id")
        )
        .values("pk")
    )


def enterprise_codes(*, ids: list[int]) -> dict[int, str]:
    """Credit codes by enterprise id, for reports that carry ids."""
    return dict(Enterprise.objects.filter(pk__in=ids).values_list("pk", "credit_code"))


def economic_figure_list(*, user: User) -> QuerySet[EconomicFigure]:
    """Economic figures of the enterprises the user may read."""
    return (
        EconomicFigure.objects.filter(enterprise__in=enterprise_list(user=user).values("pk"))
        .select_related("enterprise", "enterprise__park")
        .defer("enterprise__park__boundary")
    )


def economic_output(
    *, since: date, until: date | None = None, enterprise_ids: list[int] | None = None
) -> dict[tuple[int, date], tuple[float | None, float | None]]:
    """(output value, value added) in 万元 by (enterprise id, month), for the platform's own
    computations (detection, indicators): not scoped to a user."""
    figures = EconomicFigure.objects.filter(period__gte=since)
    if until is not None:
        figures = figures.filter(period__lte=until)
    if enterprise_ids is not None:
        figures = figures.filter(enterprise_id__in=enterprise_ids)
    return {
        (enterprise_id, period): (
            None if output is None else float(output),
            None if added is None else float(added),
        )
        for enterprise_id, period, output, added in figures.values_list(
            "enterprise_id", "period", "output_value", "value_added"
        )
    }


def parks_of_enterprises(*, ids: list[int]) -> QuerySet[Park]:
    """The parks the enterprises `ids` are registered in (without their boundaries), for the
    platform's own work after their figures changed: not scoped to a user."""
    return (
        Park.objects.filter(enterprises__pk__in=ids).distinct().defer("boundary").order_by("code")
    )


def park_enterprise_ids(*, park: Park) -> list[int]:
    """The enterprises registered in a park, for statistics over the park."""
    return list(Enterprise.objects.filter(park=park).values_list("pk", flat=True))


class EnterpriseLabel(NamedTuple):
    pk: int
    credit_code: str
    name: str
    park_code: str  # "" for an enterprise registered in no park
    is_key_unit: bool


def enterprise_labels(
    *, ids: list[int] | None = None, credit_codes: list[str] | None = None
) -> list[EnterpriseLabel]:
    """What enterprise_lookup finds, as plain labels in credit-code order: for reports that
    name 1,000s of enterprises (model instances load each location and park boundary)."""
    enterprises = Enterprise.objects.order_by("credit_code")
    if ids is not None:
        enterprises = enterprises.filter(pk__in=ids)
    if credit_codes is not None:
        enterprises = enterprises.filter(credit_code__in=credit_codes)
    return [
        EnterpriseLabel(pk, code, name, park_code or "", key_unit)
        for pk, code, name, park_code, key_unit in enterprises.values_list(
            "pk", "credit_code", "name", "park__code", "is_key_unit"
        )
    ]


def enterprise_lookup(
    *, ids: list[int] | None = None, credit_codes: list[str] | None = None
) -> list[Enterprise]:
    """Registered enterprises by id or credit code, with their park: for reports that name
    the enterprises behind figures (the report's scope is checked by its own reader)."""
    enterprises = (
        Enterprise.objects.select_related("park").defer("park__boundary").order_by("credit_code")
    )
    if ids is not None:
        enterprises = enterprises.filter(pk__in=ids)
    if credit_codes is not None:
        enterprises = enterprises.filter(credit_code__in=credit_codes)
    return list(enterprises)


SEARCH_LIMIT = 50  # results of each kind a search shows


def enterprise_named(text: str, *, via: str = "") -> Q:
    """The enterprises `text` names, as search and the lists' filters find them: any part of
    the name (Chinese included) or the start of the credit code, in any case; `via` is the
    path to the enterprise from the rows filtered (e.g. "point__enterprise__")."""
    text = " ".join(text.split())
    return Q(**{f"{via}name__icontains": text}) | Q(**{f"{via}credit_code__istartswith": text})


def enterprise_search(*, user: User, text: str) -> list[Enterprise]:
    """Enterprises the user may read whose name holds `text` (any part of it, Chinese
    included) or whose credit code starts with it, by name."""
    return list(
        enterprise_list(user=user)
        .filter(enterprise_named(text))
        .defer("location", "park__boundary")
        .order_by("name")[:SEARCH_LIMIT]
    )


def park_search(*, user: User, text: str) -> list[Park]:
    """Parks the user may read whose name (Chinese or English) holds `text`, or whose code is
    `text`."""
    return list(
        park_list(user=user)
        .filter(Q(name__icontains=text) | Q(name_en__icontains=text) | Q(code__iexact=text))
        .defer("boundary")
        .order_by("code")[:SEARCH_LIMIT]
    )


def economic_figures_version() -> tuple:
    """What economic_output, enterprise_codes and park_enterprise_ids depend on, in one query
    of four index lookups (each figure and enterprise is saved with a history record; the
    newest id also covers rows created in bulk): figures derived from them may be reused
    while it is unchanged (indicators' cache)."""
    tables = [
        (model._meta.db_table, model._meta.pk.column)
        for model in (
            EconomicFigure,
            EconomicFigure.history.model,
            Enterprise,
            Enterprise.history.model,
        )
    ]
    newest = ", ".join(f'(SELECT MAX("{column}") FROM "{table}")' for table, column in tables)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {newest}")
        return tuple(cursor.fetchone())
