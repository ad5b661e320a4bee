"""The evaluation workflow through the API: the operator fills in and submits, the regulator
returns with a comment, the operator corrects, the regulator approves; approved is frozen;
revise makes version 2."""

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.evaluation.conftest import ALL_MET, AT_BENCHMARK

URL = "/api/v1/park-evaluations/"


def as_items(values: dict) -> list[dict]:
    return [
        {"indicator": n, "met": v} if isinstance(v, bool) else {"indicator": n, "value": v}
        for n, v in values.items()
    ]


def test_the_whole_workflow(api, edition, park_a, operator_a, regulator):
    api.force_authenticate(operator_a)
    created = api.post(URL, {"park": "PA", "year": 2025}, format="json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["park"], body["year"], body["version"], body["status"]) == ("PA", 2025, 1, "draft")
    assert body["edition"] == "miit-2016" and body["computed"]["gi"] == "0.00"
    detail = f"{URL}{body['id']}/"

    values = {**AT_BENCHMARK}
    del values[7]
    answer = api.put(f"{detail}values/", as_items(values), format="json")
    assert answer.status_code == 200, answer.json()
    eligibility = [{"code": c, **item} for c, item in ALL_MET.items()]
    assert api.patch(f"{detail}eligibility/", eligibility, format="json").status_code == 200
    submitted = api.post(f"{detail}submit/")
    assert submitted.json()["status"] == "submitted"
    # #7 missing: RG (1 + 1 + 1 + 0)/4 = 0.75; GI = 100 × (5 + 0.75)/6 = 95.83, fails on #7
    assert submitted.json()["computed"]["gi"] == "95.83"
    assert submitted.json()["computed"]["failed_mandatory"] == [7]

    api.force_authenticate(regulator)
    empty = api.post(f"{detail}return/", {"comment": ""}, format="json")
    assert empty.status_code == 400 and "comment" in empty.json()["extra"]["fields"]
    returned = api.post(f"{detail}return/", {"comment": "第7项未填报"}, format="json")
    assert (returned.json()["status"], returned.json()["review_comment"]) == (
        "returned",
        "第7项未填报",
    )

    api.force_authenticate(operator_a)
    fix = api.patch(f"{detail}values/", [{"indicator": 7, "value": "91.2"}], format="json")
    assert fix.status_code == 200 and fix.json()["computed"]["gi"] == "100.00"
    assert api.post(f"{detail}submit/").status_code == 200

    api.force_authenticate(regulator)
    approved = api.post(f"{detail}approve/", {}, format="json")
    assert approved.status_code == 200
    assert (approved.json()["status"], approved.json()["score"], approved.json()["passed"]) == (
        "approved",
        "100.00",
        True,
    )

    api.force_authenticate(operator_a)
    frozen = api.patch(f"{detail}values/", [{"indicator": 1, "value": "2"}], format="json")
    assert frozen.status_code == 400
    assert "frozen" in frozen.json()["extra"]["fields"]["non_field_errors"][0]
    revised = api.post(f"{detail}revise/")
    assert revised.status_code == 201
    assert (revised.json()["version"], revised.json()["status"]) == (2, "draft")
    assert len(revised.json()["values"]) == len(AT_BENCHMARK)
    listed = api.get(URL, {"park": "PA", "year": 2025}).json()["results"]
    assert [(e["version"], e["status"], e["score"]) for e in listed] == [
        (2, "draft", None),
        (1, "approved", "100.00"),
    ]
    assert [e["version"] for e in api.get(URL, {"status": "approved"}).json()["results"]] == [1]


def test_it_refuses_bad_values_with_the_items_to_fix(api, edition, park_a, operator_a):
    api.force_authenticate(operator_a)
    evaluation = api.post(URL, {"park": "PA", "year": 2025}, format="json").json()
    answer = api.put(
        f"{URL}{evaluation['id']}/values/",
        [
            {"indicator": 1, "value": "3"},
            {"indicator": 12, "value": "1"},
            {"indicator": 99, "value": "1"},
        ],
        format="json",
    )
    assert answer.status_code == 400
    assert [(i["item"], i["indicator"]) for i in answer.json()["extra"]["items"]] == [
        (2, 12),
        (3, 99),
    ]
    assert api.get(f"{URL}{evaluation['id']}/").json()["values"] == []  # nothing saved
    not_a_number = api.put(
        f"{URL}{evaluation['id']}/values/", [{"indicator": 1, "value": "NaN"}], format="json"
    )
    assert not_a_number.status_code == 400


def test_it_records_not_computable_and_shows_why(api, edition, park_a, operator_a):
    api.force_authenticate(operator_a)
    evaluation = api.post(URL, {"park": "PA", "year": 2025}, format="json").json()
    note = "not computable: the park reported no industrial value added"
    answer = api.put(
        f"{URL}{evaluation['id']}/values/",
        [{"indicator": 23, "value": None, "note": note}],
        format="json",
    )
    (indicator,) = [i for i in answer.json()["computed"]["indicators"] if i["number"] == 23]
    assert (indicator["status"], indicator["r"], indicator["passed"]) == (
        "not_computable",
        "0.000000",
        False,
    )
    assert answer.json()["values"][0]["note"] == note


def test_evidence_is_uploaded_and_downloaded_by_readers_only(
    api, edition, park_a, operator_a, operator_b
):
    api.force_authenticate(operator_a)
    evaluation = api.post(URL, {"park": "PA", "year": 2025}, format="json").json()
    pdf = SimpleUploadedFile("空气质量报告.pdf", b"%PDF-1.4 air", content_type="application/pdf")
    upload = api.post(
        f"{URL}{evaluation['id']}/evidence/", {"indicator": 25, "file": pdf}, format="multipart"
    )
    assert upload.status_code == 200, upload.json()
    link = upload.json()["evidence"]
    assert link == f"{URL}{evaluation['id']}/evidence/25/"
    download = api.get(link)
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 air"
    api.force_authenticate(operator_b)
    assert api.get(link).status_code == 404


def test_the_catalogue_is_served_with_its_marks(api, edition, regulator):
    api.force_authenticate(regulator)
    (served,) = api.get("/api/v1/indicator-editions/").json()["results"]
    assert (served["code"], served["pass_mark"], len(served["indicators"])) == (
        "miit-2016",
        "60.00",
        31,
    )
    assert [g["code"] for g in served["groups"]] == ["EG", "RG", "IG", "CG", "HG", "MG"]
    twenty_three = served["indicators"][22]
    assert (twenty_three["number"], twenty_three["direction"], twenty_three["benchmark"]) == (
        23,
        "lower",
        "5.000000",
    )
    assert twenty_three["verification"] == "unverified"
    assert api.get("/api/v1/indicator-editions/miit-2016/").status_code == 200
