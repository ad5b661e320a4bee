"""A park's values as a spreadsheet: saved as `uploaded`, all or none, problems by file row."""

from django.core.files.uploadedfile import SimpleUploadedFile

EVALUATIONS = "/api/v1/park-evaluations/"


def upload(api, evaluation_id: int, lines: list[str]):
    data = ("\ufeff" + "\r\n".join(lines)).encode()
    return api.post(
        f"{EVALUATIONS}{evaluation_id}/values/upload/",
        {"file": SimpleUploadedFile("values.csv", data)},
        format="multipart",
    )


def test_an_operator_uploads_values_with_chinese_headers(api, operator_a, park_a, edition):
    api.force_authenticate(operator_a)
    created = api.post(EVALUATIONS, {"park": "PA", "year": 2025}, format="json").json()
    response = upload(
        api,
        created["id"],
        [
            "序号,指标,数值,备注",
            "1,能源产出率,3.6,",
            "12,污水集中处理设施,是,见附件",
            '23,单位工业增加值废水排放量,"1,000",',
        ],
    )
    assert response.status_code == 200, response.json()
    values = {v["indicator"]: v for v in response.json()["values"]}
    assert (values[1]["value"], values[1]["source"]) == ("3.600000", "uploaded")
    assert (values[12]["met"], values[12]["note"]) == (True, "见附件")
    assert values[23]["value"] == "1000.000000"
    scored = {row["number"]: row for row in response.json()["computed"]["indicators"]}
    assert scored[23]["r"] == "0.005000"  # lower is better: benchmark 5 ÷ 1000


def test_a_bad_row_refuses_the_file_naming_its_row(api, operator_a, park_a, edition):
    api.force_authenticate(operator_a)
    created = api.post(EVALUATIONS, {"park": "PA", "year": 2025}, format="json").json()
    response = upload(api, created["id"], ["number,value", "1,3.6", "12,maybe", "99,1", "2,abc"])
    assert response.status_code == 400
    assert [(i["item"], i["reason"]) for i in response.json()["extra"]["items"]] == [
        (3, "Write 是 or 否."),
        (5, "'abc' is not a number."),
    ]
    assert api.get(f"{EVALUATIONS}{created['id']}/").json()["values"] == []
    response = upload(api, created["id"], ["number,value", "1,3.6", "99,1"])
    assert [(i["item"], i["indicator"]) for i in response.json()["extra"]["items"]] == [(3, 99)]
