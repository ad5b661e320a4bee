"""The evaluation pages' data tables, like every other page's, have a caption and header cells
that say what they head (tests/wastewatch/test_tables_accessible.py)."""

import pytest

from tests.wastewatch.test_tables_accessible import Tables

pytestmark = pytest.mark.django_db


def test_the_evaluation_pages_tables_have_captions_and_scoped_headers(client, regulator, city):
    client.force_login(regulator)
    evaluation = city[("PA", 2024)]
    seen = 0
    for url in (
        "/evaluations/",
        "/evaluations/ranking/?year=2024",
        "/parks/PA/evaluations/",
        f"/evaluations/{evaluation.pk}/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        parser = Tables()
        parser.feed(response.content.decode())
        for number, table in enumerate(parser.tables):
            assert table == {"caption": True, "unscoped": 0}, (url, number)
        seen += len(parser.tables)
    assert seen >= 4
