"""The green-park pages name each park in the reader's language (Park.display_name, and the
ranking's rows through RankRow.park_display_name); the API keeps the official name."""

import re

from tests.pages import CHINESE, ENGLISH, page_html


def test_the_ranking_names_the_parks_in_the_readers_language(client, regulator, city):
    client.force_login(regulator)
    english = page_html(client, "/evaluations/ranking/?year=2025&edition=miit-2016", **ENGLISH)
    ranking, table = english.split("<h2>", 1)
    assert ranking.index("Park C") < ranking.index("Park A") < ranking.index("Park B")
    assert "甲园区" not in english
    assert re.search(r'<th scope="col" class="num">Park A<br><small>PA</small></th>', table)
    chinese = page_html(client, "/evaluations/ranking/?year=2025&edition=miit-2016", **CHINESE)
    assert "Park A" not in chinese and ">甲园区</a> <code>PA</code>" in chinese


def test_the_list_the_history_and_an_evaluation_name_the_park_in_the_readers_language(
    client, regulator, city
):
    client.force_login(regulator)
    listed = page_html(client, "/evaluations/", **ENGLISH)
    assert "<td>Park A <code>PA</code></td>" in listed
    assert '<option value="PA">Park A</option>' in listed  # the park filter
    assert "<td>甲园区 <code>PA</code></td>" in page_html(client, "/evaluations/", **CHINESE)
    history = page_html(client, "/parks/PA/evaluations/", **ENGLISH)
    assert "<h1>Park A · " in history and "← Park A</a>" in history
    detail = page_html(client, f"/evaluations/{city['PA', 2025].pk}/", **ENGLISH)
    assert "<dd>Park A <code>PA</code></dd>" in detail
    assert "<dd>甲园区 <code>PA</code></dd>" in page_html(
        client, f"/evaluations/{city['PA', 2025].pk}/", **CHINESE
    )


def test_the_ranking_api_keeps_the_official_name(api, regulator, city):
    api.force_authenticate(regulator)
    rows = api.get("/api/v1/park-evaluations/ranking/", {"year": 2025}, **ENGLISH).json()
    assert {row["park"]: row["park_name"] for row in rows}["PA"] == "甲园区"
    assert "park_name_en" not in rows[0]
