"""Integrators log in for a token that is stored hashed and expires after API_TOKEN_TTL_HOURS;
they log out one token, or all of theirs (rotation)."""

from datetime import timedelta

import time_machine
from django.utils import timezone
from knox.models import AuthToken


def log_in(api, username="regina", password="pw"):
    return api.post(
        "/api/v1/auth/login/", {"username": username, "password": password}, format="json"
    )


def test_it_issues_a_token_stored_only_as_a_hash(api, regulator, park_a):
    response = log_in(api)
    assert response.status_code == 200
    token = response.json()["token"]
    stored = AuthToken.objects.get(user=regulator)
    assert token not in stored.digest and token != stored.token_key
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/v1/parks/").status_code == 200


def test_it_refuses_a_wrong_password_in_the_error_shape(api, regulator):
    response = log_in(api, password="nope")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_credentials" and body["message"]
    assert not AuthToken.objects.exists()


def test_a_token_expires_after_the_configured_lifetime(api, settings, regulator, park_a):
    settings.REST_KNOX = {**settings.REST_KNOX, "TOKEN_TTL": timedelta(hours=2)}
    response = log_in(api)
    expiry = AuthToken.objects.get(user=regulator).expiry
    assert timedelta(hours=1, minutes=59) < expiry - timezone.now() <= timedelta(hours=2)
    assert response.json()["expiry"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    with time_machine.travel(timezone.now() + timedelta(hours=2, minutes=1)):
        refused = api.get("/api/v1/parks/")
    assert refused.status_code == 401
    assert set(refused.json()) == {"message", "code", "extra"}


def test_logout_ends_one_token_and_logout_all_every_token(api, regulator, park_a):
    first, second, third = (log_in(api).json()["token"] for _n in range(3))
    api.credentials(HTTP_AUTHORIZATION=f"Token {first}")
    assert api.post("/api/v1/auth/logout/").status_code == 204
    assert api.get("/api/v1/parks/").status_code == 401
    api.credentials(HTTP_AUTHORIZATION=f"Token {second}")
    assert api.get("/api/v1/parks/").status_code == 200
    assert api.post("/api/v1/auth/logout-all/").status_code == 204
    for token in (second, third):
        api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        assert api.get("/api/v1/parks/").status_code == 401


def test_the_old_unhashed_tokens_are_no_longer_accepted(api, regulator):
    from django.apps import apps

    assert not apps.is_installed("rest_framework.authtoken")


def test_password_guessing_on_the_api_is_locked_out_too(api, settings, regulator):
    settings.AXES_FAILURE_LIMIT = 2
    assert log_in(api, password="a").status_code == 400
    locked = log_in(api, password="b")
    assert locked.status_code == 429
    assert locked.json()["code"] == "locked_out"
    assert log_in(api).status_code == 429  # even with the right password, until unlocked
