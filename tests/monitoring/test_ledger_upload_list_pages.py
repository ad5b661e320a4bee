"""The uploads' history pages through every upload, 25 to a page, newest first."""

import pytest

from monitoring.models import UploadBatch

pytestmark = pytest.mark.django_db


def test_the_history_pages_through_every_upload(client, operator_a):
    for n in range(30):
        UploadBatch.objects.create(
            uploaded_by=operator_a,
            file=f"ledger-uploads/{n}.csv",
            original_name=f"ledger-{n:02d}.csv",
            sha256=f"{n:064d}",
            size=1,
            format="csv",
        )
    client.force_login(operator_a)
    first = client.get("/ledgers/").content.decode()
    assert first.count("ledger-") == 25 and "Page 1 of 2" in first
    second = client.get("/ledgers/?page=2").content.decode()
    assert second.count("ledger-") == 5 and 'rel="prev"' in second
