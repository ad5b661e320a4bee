"""The city map's enterprise layer: the registry's enterprises the reader may see, each with its
open flags, which the registry (parks) may not read itself. Two queries whatever the number of
enterprises: the enterprises, then the flag counts of all of them. What costs a read of the
ledger (an enterprise's last month) is fetched for one enterprise, when its popup opens.

The city's layer is the portal's largest answer (2,000 enterprises), so what every enterprise
would repeat is said once: the parks' names in `parks`, the enterprise page's address in
`enterprise_url` (static/js/maps.js puts them back on each feature)."""

from django.db.models import FloatField, Func
from django.http import Http404
from django.urls import reverse
from django.utils.formats import date_format

from detection.selectors import OpenFlagCount, flag_open_counts_by_enterprise
from monitoring.ledger.selectors import ledger_last_period
from parks.selectors import enterprise_list
from wastewatch.roles import User

NO_FLAGS = OpenFlagCount(0, 0)
# Coordinates to 6 places of a degree (about 0.1 m), not the 17 digits of a double.
PLACES = 6


def _coordinate(function: str) -> Func:
    """A point's longitude (ST_X) or latitude (ST_Y), read as a number by the database rather
    than as a geometry built for every row (PostGIS and SpatiaLite alike)."""
    return Func("location", function=function, output_field=FloatField())


def map_enterprise_features(*, user: User, park_code: str | None = None) -> dict:
    """A GeoJSON FeatureCollection of the enterprises the user may read (of one park, if
    `park_code` is given), with what the map's popup says of each."""
    enterprises = enterprise_list(user=user)
    if park_code:
        enterprises = enterprises.filter(park__code=park_code)
    rows = list(
        enterprises.order_by("name", "credit_code")
        .annotate(lon=_coordinate("ST_X"), lat=_coordinate("ST_Y"))
        .values_list(
            "pk",
            "credit_code",
            "name",
            "industry_code",
            "is_key_unit",
            "outside_park_boundary",
            "lon",
            "lat",
            "park__code",
            "park__name",
            "park__name_en",
        )
    )
    # The city's counts in one grouped query; a park's restricted to its enterprises.
    ids = [row[0] for row in rows] if park_code else None
    counts = flag_open_counts_by_enterprise(user=user, enterprise_ids=ids) if rows else {}
    parks: dict[str, dict[str, str]] = {}
    features = []
    for pk, code, name, industry, key_unit, outside, lon, lat, park, park_name, park_en in rows:
        flags = counts.get(pk, NO_FLAGS)
        if park and park not in parks:
            parks[park] = {"name": park_name, "name_en": park_en}
        features.append(
            {
                "type": "Feature",
                "id": code,
                "geometry": {
                    "type": "Point",
                    "coordinates": [round(lon, PLACES), round(lat, PLACES)],
                },
                "properties": {
                    "name": name,
                    "industry_code": industry,
                    "is_key_unit": key_unit,
                    "outside_park_boundary": outside,
                    "park": park or "",
                    "open_flags": flags.open,
                    "high_flags": flags.high,
                },
            }
        )
    return {
        "type": "FeatureCollection",
        "parks": parks,
        "enterprise_url": reverse("dashboard:enterprise-detail", args=["CREDIT_CODE"]),
        "features": features,
    }


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
