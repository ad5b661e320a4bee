"""A regulator hands a flag to a colleague who reads the whole city, with a due date: in the
portal and through the API; the flags list finds the reader's own."""

from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError

from detection.models import Flag
from detection.services import flag_assign
from tests.factories import UserFactory
from wastewatch.roles import REGULATOR_GROUP

pytestmark = pytest.mark.usefixtures("fixed_clock")  # today is 2026-12-03


@pytest.fixture
def colleague(db):
    user = UserFactory(username="colin")
    user.groups.add(Group.objects.get_or_create(name=REGULATOR_GROUP)[0])
    return user


def test_a_regulator_assigns_a_flag_with_a_due_date(client, regulator, colleague, flag_a):
    client.force_login(regulator)
    response = client.post(
        f"/flags/{flag_a.pk}/assign/", {"assignee": colleague.pk, "due_date": "2026-12-18"}
    )
    assert response.status_code == 302
    flag_a.refresh_from_db()
    assert (flag_a.assigned_to, flag_a.due_date) == (colleague, date(2026, 12, 18))
    page = client.get(f"/flags/{flag_a.pk}/").content.decode()
    assert "colin · due by 2026-12-18" in page
    listed = client.get("/flags/").content.decode()
    assert "colin" in listed and "2026-12-18" in listed


def test_only_those_who_review_assign(client, operator_a, colleague, flag_a):
    client.force_login(operator_a)
    response = client.post(f"/flags/{flag_a.pk}/assign/", {"assignee": colleague.pk})
    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        flag_assign(actor=operator_a, flag=flag_a, assignee=colleague, due_date=None)
    assert Flag.objects.get(pk=flag_a.pk).assigned_to is None


def test_a_flag_goes_only_to_a_user_who_reads_the_whole_city(
    client, regulator, operator_a, staff_admin, flag_a
):
    with pytest.raises(ValidationError) as refused:
        flag_assign(actor=regulator, flag=flag_a, assignee=operator_a, due_date=None)
    assert "assigned_to" in refused.value.message_dict
    client.force_login(regulator)
    page = client.get(f"/flags/{flag_a.pk}/").content.decode()
    assert f'<option value="{operator_a.pk}"' not in page
    assert f'<option value="{staff_admin.pk}"' in page
    client.post(f"/flags/{flag_a.pk}/assign/", {"assignee": operator_a.pk})
    assert Flag.objects.get(pk=flag_a.pk).assigned_to is None


def test_the_due_date_is_not_in_the_past(client, regulator, colleague, flag_a):
    with pytest.raises(ValidationError) as refused:
        flag_assign(actor=regulator, flag=flag_a, assignee=colleague, due_date=date(2026, 12, 2))
    assert "due_date" in refused.value.message_dict
    client.force_login(regulator)
    page = client.post(
        f"/flags/{flag_a.pk}/assign/",
        {"assignee": colleague.pk, "due_date": "2026-12-02"},
        follow=True,
    ).content.decode()
    assert "The due date is in the past." in page
    flag_assign(actor=regulator, flag=flag_a, assignee=colleague, due_date=date(2026, 12, 3))
    assert Flag.objects.get(pk=flag_a.pk).due_date == date(2026, 12, 3)


def test_assigned_to_me_lists_the_readers_flags(client, regulator, colleague, flag_a, enterprise_a):
    other = Flag.objects.create(
        enterprise=enterprise_a,
        category=flag_a.category,
        period=date(2026, 9, 1),
        kind="stock_carry",
        severity=1,
        reasons=[],
        fingerprint="o",
    )
    flag_assign(actor=regulator, flag=other, assignee=colleague, due_date=None)
    flag_assign(actor=regulator, flag=flag_a, assignee=regulator, due_date=None)
    client.force_login(colleague)
    page = client.get("/flags/", {"mine": "on"}).content.decode()
    assert f"/flags/{other.pk}/" in page and f"/flags/{flag_a.pk}/" not in page
    page = client.get("/flags/").content.decode()
    assert f"/flags/{other.pk}/" in page and f"/flags/{flag_a.pk}/" in page


def test_the_api_reads_and_writes_the_assignment(api, regulator, colleague, operator_a, flag_a):
    api.force_authenticate(regulator)
    url = f"/api/v1/flags/{flag_a.pk}/assign/"
    response = api.post(url, {"assigned_to": "colin", "due_date": "2026-12-18"}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["assigned_to"] == "colin"
    assert response.json()["due_date"] == "2026-12-18"
    listed = api.get("/api/v1/flags/").json()["results"][0]
    assert (listed["assigned_to"], listed["due_date"]) == ("colin", "2026-12-18")

    refused = api.post(url, {"assigned_to": operator_a.username}, format="json")
    assert refused.status_code == 400
    refused = api.post(url, {"assigned_to": "colin", "due_date": "2026-01-01"}, format="json")
    assert refused.status_code == 400
    assert "due_date" in str(refused.json())

    cleared = api.post(url, {"assigned_to": None}, format="json")
    assert cleared.status_code == 200 and cleared.json()["assigned_to"] is None

    api.force_authenticate(operator_a)
    assert api.post(url, {"assigned_to": "colin"}, format="json").status_code == 403
