"""Every raw download is logged: who, which records, which months and park, when, how."""

from datetime import date

from reports.models import RawDownload


def test_each_download_is_logged(raw_city, regulator, park_b, api, client):
    api.force_authenticate(regulator)
    api.get("/api/v1/reports/raw/manifests.csv?from=2026-01&to=2026-03&park=PB")
    client.force_login(regulator)
    client.get("/reports/raw/?kind=rollups&from=2025-12&to=2026-01")
    logged = [
        (d.user, d.kind, d.period_from, d.period_to, d.park, d.via)
        for d in RawDownload.objects.order_by("at")
    ]
    assert logged == [
        (regulator, "manifests", date(2026, 1, 1), date(2026, 3, 1), park_b, "api"),
        (regulator, "rollups", date(2025, 12, 1), date(2026, 1, 1), None, "portal"),
    ]
