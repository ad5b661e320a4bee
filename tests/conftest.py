"""Shared people and places: park A and park B, an operator of each, a regulator, an
enterprise user of A's enterprise, a staff admin ("B's operator has no access to A's stuff")."""

import pytest
from django.contrib.auth.models import Group
from rest_framework.test import APIClient

from tests.factories import (
    EnterpriseFactory,
    EnterpriseMembershipFactory,
    ParkFactory,
    ParkMembershipFactory,
    UserFactory,
)
from wastewatch.roles import REGULATOR_GROUP


@pytest.fixture
def park_a(db):
    return ParkFactory(code="PA", name="甲园区", name_en="Park A")


@pytest.fixture
def park_b(db):
    return ParkFactory(code="PB", name="乙园区", name_en="Park B")


@pytest.fixture
def enterprise_a(park_a):
    return EnterpriseFactory(park=park_a, name="甲企业有限公司")


@pytest.fixture
def enterprise_b(park_b):
    return EnterpriseFactory(park=park_b, name="乙企业有限公司")


@pytest.fixture
def operator_a(park_a):
    return ParkMembershipFactory(user=UserFactory(username="alice"), park=park_a).user


@pytest.fixture
def operator_b(park_b):
    return ParkMembershipFactory(user=UserFactory(username="bob"), park=park_b).user


@pytest.fixture
def regulator(db):
    user = UserFactory(username="regina")
    user.groups.add(Group.objects.get_or_create(name=REGULATOR_GROUP)[0])
    return user


@pytest.fixture
def enterprise_user(enterprise_a):
    return EnterpriseMembershipFactory(
        user=UserFactory(username="erin"), enterprise=enterprise_a
    ).user


@pytest.fixture
def staff_admin(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


@pytest.fixture
def api():
    """An API client; `api.force_authenticate(user)` picks the caller."""
    return APIClient()
