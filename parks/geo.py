"""Geometry helpers: everything is stored as WGS84 longitude/latitude (SRID 4326)."""

from django.contrib.gis.geos import GEOSGeometry, MultiPolygon, Point, Polygon
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

WGS84 = 4326


def to_wgs84(geom: GEOSGeometry) -> GEOSGeometry:
    """The geometry in SRID 4326; one without an SRID is taken to be 4326 already."""
    if geom.srid is None:
        geom.srid = WGS84
    elif geom.srid != WGS84:
        geom = geom.transform(WGS84, clone=True)
    return geom


def _check_lon_lat(geom: GEOSGeometry, field: str) -> None:
    if geom.hasz:  # the columns are 2D: a height would fail in the database
        raise ValidationError(
            {field: _("Coordinates must be longitude and latitude only, without a height.")}
        )
    min_x, min_y, max_x, max_y = geom.extent
    if min_x < -180 or max_x > 180 or min_y < -90 or max_y > 90:
        raise ValidationError(
            {field: _("Coordinates must be longitude -180…180 and latitude -90…90.")}
        )


def boundary_clean(geom: GEOSGeometry, *, field: str = "boundary") -> MultiPolygon:
    """A valid WGS84 MultiPolygon from a Polygon or MultiPolygon, or a ValidationError."""
    geom = to_wgs84(geom)
    if isinstance(geom, Polygon):
        geom = MultiPolygon(geom, srid=WGS84)
    if not isinstance(geom, MultiPolygon):
        raise ValidationError(
            {
                field: _("A boundary must be a Polygon or MultiPolygon, not %(type)s.")
                % {"type": geom.geom_type}
            }
        )
    if geom.empty:
        raise ValidationError({field: _("A boundary cannot be empty.")})
    _check_lon_lat(geom, field)
    if not geom.valid:
        raise ValidationError(
            {
                field: _("The boundary is not a valid polygon: %(reason)s.")
                % {"reason": geom.valid_reason}
            }
        )
    return geom


def location_clean(geom: GEOSGeometry, *, field: str = "location") -> Point:
    """A WGS84 Point, or a ValidationError."""
    geom = to_wgs84(geom)
    if not isinstance(geom, Point) or geom.empty:
        raise ValidationError({field: _("A location must be a Point.")})
    _check_lon_lat(geom, field)
    return geom


def bbox_polygon(value: str) -> Polygon:
    """ "min_lon,min_lat,max_lon,max_lat" as a polygon, or a ValidationError saying why not."""
    try:
        numbers = [float(part) for part in value.split(",")]
    except ValueError:
        numbers = []
    if len(numbers) != 4:
        raise ValidationError(_("bbox must be four numbers: min_lon,min_lat,max_lon,max_lat."))
    min_x, min_y, max_x, max_y = numbers
    if not (-180 <= min_x < max_x <= 180 and -90 <= min_y < max_y <= 90):
        raise ValidationError(
            _("bbox must have min < max, longitudes within ±180 and latitudes within ±90.")
        )
    return Polygon.from_bbox((min_x, min_y, max_x, max_y))
