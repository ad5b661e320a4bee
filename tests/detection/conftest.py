import pytest

from monitoring.services import weigh_ticket_batch_ingest


@pytest.fixture
def push(point_a, catalogue, django_capture_on_commit_callbacks):
    """Tickets stored as point A's weighbridge sends them (all accepted), with the daily
    roll-ups their commit refreshes."""

    def push(items: list[dict]) -> None:
        with django_capture_on_commit_callbacks(execute=True):
            result = weigh_ticket_batch_ingest(point=point_a, items=items)
        assert not result.rejected, result.rejected

    return push
