"""The review answers htmx with its own part of the page, swapped in place, and a plain
form post with a redirect, as before."""

from detection.models import FlagReview

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_with_htmx_the_review_answers_its_partial_and_is_recorded(client, regulator, flag_a):
    client.force_login(regulator)
    response = client.post(
        f"/flags/{flag_a.pk}/review/", {"status": "confirmed", "note": "Site visit booked."}, **HTMX
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert page.startswith('<section id="flag-review"')
    assert "<html" not in page and "<nav" not in page
    assert 'data-status="confirmed"' in page and "Review saved." in page
    assert "Site visit booked." in page
    review = FlagReview.objects.get(flag=flag_a)
    assert (review.status, review.note, review.reviewer) == (
        "confirmed",
        "Site visit booked.",
        regulator,
    )


def test_with_htmx_a_refused_review_says_why_in_place(client, regulator, flag_a):
    client.force_login(regulator)
    response = client.post(
        f"/flags/{flag_a.pk}/review/", {"status": "dismissed", "note": ""}, **HTMX
    )
    page = response.content.decode()
    assert response.status_code == 200 and "<html" not in page
    assert "Say why the flag is dismissed." in page
    assert 'data-status="open"' in page
    assert not FlagReview.objects.filter(flag=flag_a).exists()


def test_without_htmx_the_review_redirects_to_the_flag(client, regulator, flag_a):
    client.force_login(regulator)
    response = client.post(f"/flags/{flag_a.pk}/review/", {"status": "confirmed", "note": ""})
    assert response.status_code == 302 and response.url == f"/flags/{flag_a.pk}/"
    flag_a.refresh_from_db()
    assert flag_a.status == "confirmed"


def test_the_form_posts_in_place_and_works_without_javascript(client, regulator, flag_a):
    client.force_login(regulator)
    page = client.get(f"/flags/{flag_a.pk}/").content.decode()
    url = f"/flags/{flag_a.pk}/review/"
    assert f'method="post" action="{url}" hx-post="{url}" hx-target="#flag-review"' in page
    assert "/static/vendor/htmx/htmx.min.js" in page


def test_an_operator_cannot_review_in_place_either(client, operator_a, flag_a):
    client.force_login(operator_a)
    response = client.post(f"/flags/{flag_a.pk}/review/", {"status": "confirmed"}, **HTMX)
    assert response.status_code == 403
