"""OpenAPI description of device authentication."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class DeviceKeyAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "monitoring.authentication.DeviceKeyAuthentication"
    name = "deviceKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "Device <key>: the monitoring point's key (one point per key).",
        }
