"""The city map's enterprise layer: the registry's enterprises the reader may see, each with its
open flags, which the registry (parks) may not read itself. Two queries whatever the number of
enterprises: the enterprises, then the flag counts of all of them. What costs a read of the
ledger (an enterprise's last month) is fetched for one enterprise, when its popup opens."""

from django.http import Http404
from django.urls import reverse
from django.utils.formats import date_format

from detection.selectors import OpenFlagCount, flag_open_counts_by_enterprise
from monitoring.ledger.selectors import ledger_last_period
from parks.selectors import enterprise_list
from wastewatch.roles import User

NO_FLAGS = OpenFlagCount(0, 0)


def map_enterprise_features(*, user: User, park_code: str | None = None) -> dict:
    """A GeoJSON FeatureCollection of the enterprises the user may read (of one park, if
    `park_code` is given), with what the map's popup says of each."""
    enterprises = enterprise_list(user=user)
    if park_code:
        enterprises = enterprises.filter(park__code=park_code)
    rows = list(
        enterprises.order_by("name", "credit_code").values_list(
            "pk",
            "credit_code",
            "name",
            "industry_code",
            "is_key_unit",
            "outside_park_boundary",
            "location",
            "park__code",
            "park__name",
            "park__name_en",
        )
    )
    # The city's counts in one grouped query; a park's restricted to its enterprises.
    ids = [row[0] for row in rows] if park_code else None
    counts = flag_open_counts_by_enterprise(user=user, enterprise_ids=ids) if rows else {}
    # One reverse for every enterprise's page: reversing per row costs the city's layer its time.
    page = reverse("dashboard:enterprise-detail", args=["CREDIT_CODE"])
    features = []
    for pk, code, name, industry, key_unit, outside, location, park, park_name, park_en in rows:
        flags = counts.get(pk, NO_FLAGS)
        features.append(
            {
                "type": "Feature",
                "id": code,
                "geometry": {"type": "Point", "coordinates": [location.x, location.y]},
                "properties": {
                    "name": name,
                    "industry_code": industry,
                    "is_key_unit": key_unit,
                    "outside_park_boundary": outside,
                    "park": park or "",
                    "park_name": park_name or "",
                    "park_name_en": park_en or "",
                    "open_flags": flags.open,
                    "high_flags": flags.high,
                    "url": page.replace("CREDIT_CODE", code),
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def map_enterprise_summary(*, user: User, credit_code: str) -> dict:
    """What an enterprise's popup adds to the layer: its last month with current ledger figures
    (None before its first ledger), as the reader's language writes a month. 404 outside the
    reader's scope."""
    readable = enterprise_list(user=user).filter(credit_code=credit_code)
    pk = readable.values_list("pk", flat=True).first()
    if pk is None:
        raise Http404
    last = ledger_last_period(enterprise_ids=[pk])
    return {
        "last_ledger_month": f"{last:%Y-%m}" if last else None,
        "last_ledger_month_label": date_format(last, "YEAR_MONTH_FORMAT") if last else None,
    }
