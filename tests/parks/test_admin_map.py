import pytest

pytestmark = pytest.mark.smoke


def test_the_admin_map_widget_loads_openlayers_from_static(client, staff_admin, park_a):
    client.force_login(staff_admin)
    page = client.get(f"/admin/parks/park/{park_a.pk}/change/").content.decode()
    assert "vendor/ol/ol.js" in page
    assert "jsdelivr" not in page
    assert "ol.source.OSM" not in page
