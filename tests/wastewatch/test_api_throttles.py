"""API callers are throttled per user and, before they log in, per address; devices keep their
own "device" budget. A throttled call answers 429 with Retry-After in the API's error shape."""


def test_it_throttles_a_user_past_the_user_rate(api, settings, regulator, operator_a):
    settings.API_USER_THROTTLE_RATE = "3/min"
    api.force_authenticate(regulator)
    assert [api.get("/api/v1/parks/").status_code for _n in range(3)] == [200] * 3
    refused = api.get("/api/v1/parks/")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert refused.json()["code"] == "throttled"
    api.force_authenticate(operator_a)  # another user has their own budget
    assert api.get("/api/v1/parks/").status_code == 200


def test_it_throttles_anonymous_callers_per_address(api, settings, db):
    settings.API_ANON_THROTTLE_RATE = "2/min"
    for _n in range(2):
        assert api.get("/api/v1/schema/", REMOTE_ADDR="10.9.0.1").status_code == 200
    assert api.get("/api/v1/schema/", REMOTE_ADDR="10.9.0.1").status_code == 429
    assert api.get("/api/v1/schema/", REMOTE_ADDR="10.9.0.2").status_code == 200
