"""The flags pages: the queue, a flag's reasons in words, the regulator's review."""

import pytest


@pytest.mark.smoke
def test_the_regulator_reviews_a_flag_in_the_portal(client, regulator, flag_a):
    client.force_login(regulator)
    queue = client.get("/flags/").content.decode()
    assert "Reported 1,200.0 t transferred out; the weighbridge recorded 640.0 t" in queue
    page = client.post(
        f"/flags/{flag_a.pk}/review/", {"status": "dismissed", "note": ""}, follow=True
    ).content.decode()
    assert "Say why the flag is dismissed." in page
    page = client.post(
        f"/flags/{flag_a.pk}/review/",
        {"status": "confirmed", "note": "Site visit booked."},
        follow=True,
    ).content.decode()
    assert "Review saved." in page and "Site visit booked." in page


def test_an_operator_reads_but_cannot_review(client, operator_a, operator_b, flag_a):
    client.force_login(operator_a)
    page = client.get(f"/flags/{flag_a.pk}/").content.decode()
    assert "Save the review" not in page
    assert client.post(f"/flags/{flag_a.pk}/review/", {"status": "confirmed"}).status_code == 403
    client.force_login(operator_b)
    assert client.get(f"/flags/{flag_a.pk}/").status_code == 404
