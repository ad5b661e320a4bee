"""With the National Hazardous Waste List configured (HAZARDOUS_WASTE_LIST_FILE), a waste code
of the right form and category that the list does not hold is refused; the list file's lines
start with the code, anything after it (name, source) is ignored."""

import pytest

from monitoring.models import Manifest

URL = "/api/v1/manifests/"


@pytest.fixture
def code_list(tmp_path, settings):
    path = tmp_path / "hw-2021.csv"
    path.write_text(
        "code,name\n321-024-48,电解铝铝液转移产生的废渣\n900-041-49,含有或沾染毒性危险废物的包装物\n",
        encoding="utf-8",
    )
    settings.HAZARDOUS_WASTE_LIST_FILE = str(path)
    return path


def test_it_refuses_a_code_not_on_the_list(api, enterprise_user, manifest_payload, code_list):
    api.force_authenticate(enterprise_user)
    response = api.post(URL, {**manifest_payload, "waste_code": "321-999-48"}, format="json")
    assert response.status_code == 400
    assert response.json()["extra"]["fields"]["waste_code"] == [
        "Waste code 321-999-48 is not on the National Hazardous Waste List."
    ]
    assert not Manifest.objects.exists()


def test_it_accepts_a_code_on_the_list(api, enterprise_user, manifest_payload, code_list):
    api.force_authenticate(enterprise_user)
    assert api.post(URL, manifest_payload, format="json").status_code == 201


def test_without_a_list_only_form_and_category_are_checked(
    api, enterprise_user, manifest_payload, settings
):
    settings.HAZARDOUS_WASTE_LIST_FILE = ""
    api.force_authenticate(enterprise_user)
    response = api.post(URL, {**manifest_payload, "waste_code": "321-999-48"}, format="json")
    assert response.status_code == 201
