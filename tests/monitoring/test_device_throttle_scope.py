"""Devices are throttled by their own "device" budget, not by the people's user/anon rates."""


def test_devices_keep_their_own_budget(api, settings, device_a):
    settings.API_ANON_THROTTLE_RATE = "1/min"
    settings.API_USER_THROTTLE_RATE = "1/min"
    statuses = [device_a.post("/api/v1/weigh-tickets/", [], format="json").status_code]
    statuses.append(device_a.post("/api/v1/weigh-tickets/", [], format="json").status_code)
    assert 429 not in statuses
