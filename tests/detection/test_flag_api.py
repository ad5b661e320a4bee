"""The flags API: scoped reads, the regulator's review, reasons in the reader's language."""

import pytest

URL = "/api/v1/flags/"


@pytest.mark.smoke
def test_the_regulator_reads_and_reviews(api, regulator, flag_a):
    api.force_authenticate(regulator)
    [listed] = api.get(URL, {"status": "open"}).json()["results"]
    assert listed["reasons_text"] == [
        "Reported 1,200.0 t transferred out; the weighbridge recorded 640.0 t (−47 %)."
    ]
    response = api.post(f"{URL}{flag_a.pk}/review/", {"status": "confirmed", "note": "Visited."})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["status"], body["reviewed_by"]) == ("confirmed", "regina")
    assert body["reviews"][0]["note"] == "Visited."


def test_a_dismissal_needs_a_note(api, regulator, flag_a):
    api.force_authenticate(regulator)
    response = api.post(f"{URL}{flag_a.pk}/review/", {"status": "dismissed"})
    assert response.status_code == 400
    assert response.json()["extra"]["fields"]["note"] == ["Say why the flag is dismissed."]


def test_operators_read_their_parks_flags_but_do_not_review(api, operator_a, operator_b, flag_a):
    api.force_authenticate(operator_a)
    assert api.get(URL).json()["count"] == 1
    response = api.post(f"{URL}{flag_a.pk}/review/", {"status": "confirmed"})
    assert response.status_code == 403
    api.force_authenticate(operator_b)
    assert api.get(URL).json()["count"] == 0
    assert api.get(f"{URL}{flag_a.pk}/").status_code == 404


def test_reasons_follow_the_readers_language(api, regulator, flag_a):
    api.force_authenticate(regulator)
    api.credentials(HTTP_ACCEPT_LANGUAGE="zh-hans")
    text = api.get(f"{URL}{flag_a.pk}/").json()["reasons_text"][0]
    assert "1,200.0" in text and "Reported" not in text
