"""OpenAPI: every operation documents the API's one error shape; geometry inputs are GeoJSON."""

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.extensions import OpenApiSerializerFieldExtension

_NUMBER_ARRAY = {"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 3}


def _nest(schema: dict[str, Any], depth: int) -> dict[str, Any]:
    for _level in range(depth):
        schema = {"type": "array", "items": schema}
    return schema


GEOJSON_COORDINATES = {
    "Point": _NUMBER_ARRAY,
    "Polygon": _nest(_NUMBER_ARRAY, 2),
    "MultiPolygon": _nest(_NUMBER_ARRAY, 3),
}


class WGS84GeometryFieldExtension(OpenApiSerializerFieldExtension):
    """GeoJSON geometry objects of the field's accepted types."""

    target_class = "wastewatch.api.fields.WGS84GeometryField"
    priority = 1

    def map_serializer_field(self, auto_schema, direction):
        variants = [
            {
                "type": "object",
                "required": ["type", "coordinates"],
                "properties": {
                    "type": {"type": "string", "enum": [geometry_type]},
                    "coordinates": GEOJSON_COORDINATES[geometry_type],
                },
            }
            for geometry_type in self.target.geometry_types
        ]
        return variants[0] if len(variants) == 1 else {"oneOf": variants}


def error_schema() -> dict[str, Any]:
    """The error shape, described in the request's language (the hook runs per request)."""
    return {
        "type": "object",
        "required": ["message", "code", "extra"],
        "properties": {
            "message": {"type": "string", "description": _("What went wrong, for a person.")},
            "code": {"type": "string", "description": _("A stable machine-readable code.")},
            "extra": {
                "type": "object",
                "additionalProperties": True,
                "description": _(
                    "Details: `fields` (field → messages), `rows` or `items` for batches."
                ),
            },
        },
    }


ERROR_STATUSES = {
    "400": gettext_lazy("The input is not valid."),
    "401": gettext_lazy("Not authenticated."),
    "403": gettext_lazy("Not allowed for this user."),
    "404": gettext_lazy("Not found, or not visible to this user."),
    "405": gettext_lazy("Method not allowed."),
    "406": gettext_lazy("Not acceptable."),
    "415": gettext_lazy("Unsupported media type."),
    "429": gettext_lazy("Too many requests; retry after the Retry-After header's seconds."),
}
HTTP_METHODS = {"get", "put", "post", "patch", "delete"}


def add_error_responses(result: dict[str, Any], generator, request, public) -> dict[str, Any]:
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = error_schema()
    ref = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if method not in HTTP_METHODS:
                continue
            responses = operation.setdefault("responses", {})
            for status, description in ERROR_STATUSES.items():
                responses.setdefault(status, {"description": str(description), "content": ref})
    return result
