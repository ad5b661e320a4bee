"""A year whose months are not all there says so: the months its figures cover and how many of
the year's months they are, on the page and in the API, in either language. The small city of
tests/conftest.py has ledgers of January and February 2026 only."""

INDICATORS = "/api/v1/city-indicators/"


def test_the_api_labels_a_partial_year(api, regulator, ledger_city):
    api.force_authenticate(regulator)
    body = api.get(INDICATORS, {"period": "2026-02", "year": "2026"}).json()
    year = body["spans"]["year"]
    assert (year["months"], year["complete"]) == (["2026-01", "2026-02"], False)
    assert year["label"] == "January–February 2026 (2 of 12 months)"
    assert body["spans"]["year_to_date"]["label"] == "January–February 2026"
    assert body["spans"]["month"]["label"] == "February 2026"


def test_the_page_labels_a_partial_year_in_both_languages(client, regulator, ledger_city):
    client.force_login(regulator)
    query = {"period": "2026-02", "year": "2026"}
    english = client.get("/indicators/", query, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Year 2026<br><small>January–February 2026 (2 of 12 months)</small>" in english
    chinese = client.get("/indicators/", query, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "2026年<br><small>2026年1—2月（12个月中的2个月）</small>" in chinese
    assert '<th scope="col">2026年2月</th>' in chinese
