"""The raw downloads are streamed: rows are read from a server-side cursor while the response
is sent, never gathered in memory first."""

from collections.abc import Iterator
from datetime import date
from unittest import mock

from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from monitoring.ledger.selectors import ledger_entry_rows
from tests.reports.conftest import csv_rows


def test_the_response_streams_and_reads_the_records_only_as_it_is_sent(raw_city, regulator, api):
    api.force_authenticate(regulator)
    with CaptureQueriesContext(connection) as before:
        response = api.get("/api/v1/reports/raw/ledger.csv?from=2026-01&to=2026-12")
    assert response.streaming
    assert isinstance(response.streaming_content, Iterator)
    assert not [q for q in before.captured_queries if "monitoring_ledgerentry" in q["sql"]]
    wrapper = type(connections["default"])
    with mock.patch.object(
        wrapper, "chunked_cursor", autospec=True, side_effect=wrapper.chunked_cursor
    ) as cursor:
        rows = csv_rows(response)
    assert cursor.called  # .iterator(): a server-side cursor on PostgreSQL
    assert len(rows) == 1 + 27


def test_a_selector_reads_nothing_until_asked_for_a_row(raw_city, django_assert_num_queries):
    with django_assert_num_queries(0):
        rows = ledger_entry_rows(period_from=date(2026, 1, 1), period_to=date(2026, 2, 1))
    assert isinstance(rows, Iterator)
    assert len(list(rows)) == 27
