"""Password guessing is stopped per account and per address: after LOGIN_FAILURE_LIMIT
failures the login page answers 429 with a message in the user's language, until the
cool-off passes or a staff administrator unlocks it in the admin."""

import pytest
from axes.models import AccessAttempt

from tests.factories import UserFactory


@pytest.fixture
def limit(settings):
    settings.AXES_FAILURE_LIMIT = 3
    return 3


def attempt(client, username, password="wrong", address="10.0.0.1", language="en"):
    return client.post(
        "/login/",
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        HTTP_ACCEPT_LANGUAGE=language,
    )


def test_it_locks_an_account_guessed_from_many_addresses(client, limit, operator_a):
    statuses = [attempt(client, "alice", address=f"10.0.1.{n}").status_code for n in range(limit)]
    assert statuses == [200] * (limit - 1) + [429]  # the failure that reaches the limit locks
    locked = attempt(client, "alice", password="pw", address="10.0.2.1")
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "Too many failed log-in attempts" in page
    assert 'id="id_username"' in page  # the login page itself, with the reason on it
    assert "_auth_user_id" not in client.session


def test_it_locks_an_address_that_guesses_many_accounts(client, limit, operator_a):
    for n in range(limit):
        attempt(client, f"nobody{n}", address="10.0.3.1")
    assert attempt(client, "alice", password="pw", address="10.0.3.1").status_code == 429
    assert attempt(client, "alice", password="pw", address="10.0.3.2").status_code == 302


def test_it_explains_the_lock_in_chinese(client, limit, operator_a):
    for _n in range(limit):
        attempt(client, "alice", language="zh-hans")
    page = attempt(client, "alice", language="zh-hans").content.decode()
    assert "登录失败次数过多" in page


def test_a_staff_administrator_unlocks_an_account_in_the_admin(
    client, limit, operator_a, staff_admin
):
    for _n in range(limit):
        attempt(client, "alice")
    assert attempt(client, "alice", password="pw").status_code == 429
    admin = client.__class__()
    admin.force_login(staff_admin)
    listing = admin.get("/admin/axes/accessattempt/")
    assert listing.status_code == 200 and "alice" in listing.content.decode()
    unlocked = admin.post(
        "/admin/axes/accessattempt/",
        {
            "action": "delete_selected",
            "_selected_action": list(AccessAttempt.objects.values_list("pk", flat=True)),
            "post": "yes",
        },
    )
    assert unlocked.status_code == 302
    assert attempt(client, "alice", password="pw").status_code == 302


def test_a_success_before_the_limit_forgets_the_failures(client, limit, db):
    UserFactory(username="carol")
    for _n in range(limit - 1):
        attempt(client, "carol")
    assert attempt(client, "carol", password="pw").status_code == 302
    client.logout()
    for _n in range(limit - 1):
        attempt(client, "carol")
    assert attempt(client, "carol", password="pw").status_code == 302
