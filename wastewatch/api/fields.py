"""Serializer fields shared by the apps' APIs."""

from django.contrib.gis.geos import Point
from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework_gis.fields import GeometryField

from wastewatch.text import InvalidText, check_printable, normalize_code


def install_printable_text_check() -> None:
    """Make every DRF CharField (and its subclasses: slugs, e-mails, regexes, …) of every API
    serializer refuse control characters and unprintable code points, naming the first one
    and its position; tab and line breaks stay allowed (free text has them). One check for
    the whole API rather than a patch per field: a field added later is covered too.
    Called once from WastewatchConfig.ready()."""
    field_class = serializers.CharField
    if getattr(field_class.to_internal_value, "printable_checked", False):
        return
    original = field_class.to_internal_value

    def to_internal_value(self, data):
        value = original(self, data)
        try:
            check_printable(value, multiline=True)
        except InvalidText as invalid:
            raise serializers.ValidationError(str(invalid), code="control_character") from None
        return value

    to_internal_value.printable_checked = True
    field_class.to_internal_value = to_internal_value


class WGS84GeometryField(GeometryField):
    """GeoJSON geometry in WGS84 longitude/latitude, refusing a "crs" member.

    GDAL before 3.9 resolves a GeoJSON crs name as user input, which can read files or
    URLs; the platform's coordinates are always SRID 4326, so a crs is never needed.
    """

    def __init__(self, *args, geometry_types: tuple[str, ...] = ("Point",), **kwargs):
        self.geometry_types = geometry_types  # for the OpenAPI schema
        super().__init__(*args, **kwargs)

    def to_internal_value(self, value):
        if isinstance(value, dict) and "crs" in value:
            raise serializers.ValidationError(
                _("A crs member is not accepted: send WGS84 longitude/latitude (SRID 4326).")
            )
        if isinstance(value, str) and value.lstrip().startswith("{") and '"crs"' in value:
            raise serializers.ValidationError(
                _("A crs member is not accepted: send WGS84 longitude/latitude (SRID 4326).")
            )
        return super().to_internal_value(value)

    def to_representation(self, value):
        """A point written directly: the parent converts every geometry through GDAL's GeoJSON
        writer, twice, which took most of a page of 500 enterprises' time."""
        if (
            isinstance(value, Point)
            and not value.empty
            and self.transform is None
            and self.precision is None
            and not self.auto_bbox
        ):
            return {"type": "Point", "coordinates": [value.x, value.y]}
        return super().to_representation(value)


def _folded(data):
    """A code as the platform stores it (NFKC, trimmed), or ValidationError naming the
    control character it holds; anything but text is left to the field's own checks."""
    if not isinstance(data, str):
        return data
    try:
        return normalize_code(data)
    except InvalidText as invalid:
        raise serializers.ValidationError(str(invalid), code="control_character") from None


class CodeField(serializers.CharField):
    """An identifier, number or code: full-width forms folded before it is validated."""

    def to_internal_value(self, data):
        return super().to_internal_value(_folded(data))


class CodeSlugRelatedField(serializers.SlugRelatedField):
    """A related object named by its code (credit code, category code), typed in any width."""

    def to_internal_value(self, data):
        return super().to_internal_value(_folded(data))


class CreditCodeField(CodeField):
    """A unified social credit code: folded like any code, and upper case."""

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        return value.upper()
