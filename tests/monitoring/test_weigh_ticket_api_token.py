"""People read and send weigh tickets with their API token too, like every other endpoint:
the device endpoint accepts the same (hashed, expiring) tokens as the rest of the API."""

from knox.models import AuthToken


def test_it_accepts_a_persons_api_token_on_the_weigh_ticket_endpoint(api, regulator, catalogue):
    _instance, token = AuthToken.objects.create(user=regulator)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/v1/weigh-tickets/").status_code == 200
    assert api.post("/api/v1/weigh-tickets/", [], format="json").status_code in (400, 403)
    api.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    refused = api.get("/api/v1/weigh-tickets/")
    assert refused.status_code == 401
    assert set(refused.json()) == {"message", "code", "extra"}
