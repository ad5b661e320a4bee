"""The green-park pages name each park in the reader's language (Park.display_name, and the
ranking's rows through RankRow.park_display_name); the API keeps the official name."""

import re

ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}
CHINESE = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def _page(client, url: str, **headers) -> str:
    response = client.get(url, **headers)
    assert response.status_code == 200
    return response.content.decode()


def test_the_ranking_names_the_parks_in_the_readers_language(client, regulator, city):
    client.force_login(regulator)
    english = _page(client, "/evaluations/ranking/?year=2025&edition=miit-2016", **ENGLISH)
    ranking, table = english.split("<h2>", 1)
    assert ranking.index("Park C") < ranking.index("Park A") < ranking.index("Park B")
    assert "甲园区" not in english
    assert re.search(r'<th scope="col" class="num">Park A<br><small>PA</small></th>', table)
    chinese = _page(client, "/evaluations/ranking/?year=2025&edition=miit-2016", **CHINESE)
    assert "Park A" not in chinese and ">甲园区</a> <code>PA</code>" in chinese


def test_the_list_the_history_and_an_evaluation_name_the_park_in_the_readers_language(
    client, regulator, city
):
    client.force_login(regulator)
    listed = _page(client, "/evaluations/", **ENGLISH)
    assert "<td>Park A <code>PA</code></td>" in listed
    assert '<option value="PA">Park A</option>' in listed  # the park filter
    assert "<td>甲园区 <code>PA</code></td>" in _page(client, "/evaluations/", **CHINESE)
    history = _page(client, "/parks/PA/evaluations/", **ENGLISH)
    assert "<h1>Park A · " in history and "← Park A</a>" in history
    detail = _page(client, f"/evaluations/{city['PA', 2025].pk}/", **ENGLISH)
    assert "<dd>Park A <code>PA</code></dd>" in detail
    assert "<dd>甲园区 <code>PA</code></dd>" in _page(
        client, f"/evaluations/{city['PA', 2025].pk}/", **CHINESE
    )


def test_the_ranking_api_keeps_the_official_name(api, regulator, city):
    api.force_authenticate(regulator)
    rows = api.get("/api/v1/park-evaluations/ranking/", {"year": 2025}, **ENGLISH).json()
    assert {row["park"]: row["park_name"] for row in rows}["PA"] == "甲园区"
    assert "park_name_en" not in rows[0]
