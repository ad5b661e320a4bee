"""The platform's roles, shared by every app.

- staff admin: a superuser; sees and changes everything.
- regulator: member of the "regulator" group; reads the whole city (reviews come later).
- park operator: has a park membership (parks app); reads and keeps its own parks' data.
- enterprise user: has an enterprise membership (parks app); reads its own enterprise.

Scoping by membership is done in each app's selectors; this module only answers the
city-wide questions.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet

REGULATOR_GROUP = "regulator"

User = AbstractBaseUser | AnonymousUser


def is_staff_admin(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def is_regulator(user: User) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    cached = getattr(user, "_is_regulator", None)
    if cached is None:
        cached = user.groups.filter(name=REGULATOR_GROUP).exists()
        user._is_regulator = cached
    return cached


def reads_whole_city(user: User) -> bool:
    return is_staff_admin(user) or is_regulator(user)


def city_readers() -> QuerySet:
    """The active users who read the whole city (staff admins and regulators): those a flag
    can be handed to."""
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(is_superuser=True) | Q(groups__name=REGULATOR_GROUP))
        .distinct()
        .order_by("username")
    )
