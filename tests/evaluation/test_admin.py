"""The admin: staff configure the catalogue (unverified figures marked); evaluations are
read-only, and an operator sees only their park's."""

from decimal import Decimal as D

from evaluation import services
from evaluation.models import IndicatorGroup


def test_staff_edit_weights_and_see_unverified_marks(client, edition, staff_admin):
    client.force_login(staff_admin)
    page = client.get("/admin/evaluation/indicator/?verification__exact=unverified")
    assert page.status_code == 200
    assert "⚠" in page.content.decode() and "单位工业增加值废水排放量" in page.content.decode()
    group = IndicatorGroup.objects.get(code="HG")
    form = client.get(f"/admin/evaluation/indicatorgroup/{group.pk}/change/")
    assert form.status_code == 200
    saved = client.post(
        f"/admin/evaluation/indicatorgroup/{group.pk}/change/",
        {
            "edition": edition.pk,
            "code": "HG",
            "name": "生态环境",
            "name_en": "Ecology and environment",
            "weight": "0.25",
            "order": 5,
            "note": "",
        },
    )
    assert saved.status_code == 302
    assert IndicatorGroup.objects.get(pk=group.pk).weight == D("0.25")


def test_evaluations_are_read_only_and_scoped(
    client, edition, park_a, park_b, operator_a, operator_b, staff_admin
):
    mine = services.evaluation_create(actor=operator_a, park=park_a, year=2025)
    theirs = services.evaluation_create(actor=operator_b, park=park_b, year=2025)
    operator_a.is_staff = True
    operator_a.save()
    client.force_login(operator_a)
    assert client.get("/admin/evaluation/indicator/").status_code == 403
    listing = client.get("/admin/evaluation/parkevaluation/")
    assert listing.status_code == 200
    assert f"/{mine.pk}/change/" in listing.content.decode()
    assert f"/{theirs.pk}/change/" not in listing.content.decode()
    page = client.get(f"/admin/evaluation/parkevaluation/{mine.pk}/change/")
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    client.force_login(staff_admin)
    assert client.get(f"/admin/evaluation/parkevaluation/{theirs.pk}/change/").status_code == 200
