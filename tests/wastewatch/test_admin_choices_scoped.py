"""No admin filter or choice names another park's parks or enterprises to an operator."""

from io import StringIO

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command

from evaluation import services as evaluation_services
from tests.factories import EnterpriseFactory


@pytest.fixture
def admin_operator_a(operator_a):
    """Park A's operator with admin access and every view permission of the apps."""
    operator_a.is_staff = True
    operator_a.save()
    operator_a.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label__in=["parks", "monitoring", "evaluation", "indicators"],
            codename__startswith="view_",
        ),
        *Permission.objects.filter(
            content_type__app_label="indicators", codename__startswith="add_"
        ),
    )
    return operator_a


@pytest.fixture
def edition(db):
    call_command("load_indicator_catalogue", stdout=StringIO())


PAGES = [
    "/admin/parks/park/",
    "/admin/parks/enterprise/",
    "/admin/parks/enterprise/add/",
    "/admin/monitoring/monitoringpoint/",
    "/admin/monitoring/monitoringpoint/add/",
    "/admin/monitoring/weighticket/",
    "/admin/evaluation/parkevaluation/",
    "/admin/indicators/indicatortarget/",
    "/admin/indicators/indicatortarget/add/",
]


@pytest.mark.parametrize("url", PAGES)
def test_it_names_no_other_park_in_admin_filters_or_choices(
    client, admin_operator_a, park_a, park_b, enterprise_a, enterprise_b, operator_b, edition, url
):
    EnterpriseFactory(park=park_b, name="乙二企业有限公司")
    evaluation_services.evaluation_create(actor=operator_b, park=park_b, year=2025)
    client.force_login(admin_operator_a)
    response = client.get(url)
    assert response.status_code in (200, 403)
    page = response.content.decode()
    for name in ("乙园区", "Park B", "乙企业有限公司", "乙二企业有限公司"):
        assert name not in page, f"{url} names {name}"
