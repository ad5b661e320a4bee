import pytest

from monitoring.services import weigh_ticket_batch_ingest


@pytest.fixture
def push(point_a, catalogue):
    """Tickets stored as point A's weighbridge sends them (all accepted)."""

    def push(items: list[dict]) -> None:
        result = weigh_ticket_batch_ingest(point=point_a, items=items)
        assert not result.rejected, result.rejected

    return push
