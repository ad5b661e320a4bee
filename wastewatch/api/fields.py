"""Serializer fields shared by the apps' APIs."""

from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework_gis.fields import GeometryField


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
