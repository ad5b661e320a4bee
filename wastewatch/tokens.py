"""API tokens for integrators (django-rest-knox): log in with a username and password for a
token that is stored only as a hash and expires (REST_KNOX["TOKEN_TTL"]); log out one token,
or every token of the account (to rotate after a leak)."""

from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from knox import views as knox_views
from knox.auth import TokenAuthentication
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from wastewatch.api.exceptions import ApplicationError


class InvalidCredentials(ApplicationError):
    code = "invalid_credentials"


class LoginSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=4096, trim_whitespace=False)


TokenSerializer = inline_serializer(
    "IssuedToken",
    {
        "token": serializers.CharField(help_text="Send as `Authorization: Token <token>`."),
        "expiry": serializers.DateTimeField(help_text="When the token stops working."),
    },
)


class LoginView(knox_views.LoginView):
    """Exchange a username and password for a new API token (shown once)."""

    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(request=LoginSerializer, responses=TokenSerializer, tags=["auth"])
    def post(self, request: Request, format=None) -> Response:
        data = LoginSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        # Through authenticate(request=...) so that the log-in lock-out counts API guesses too.
        user = authenticate(
            request=request._request,
            username=data.validated_data["username"],
            password=data.validated_data["password"],
        )
        if user is None or not user.is_active:
            raise InvalidCredentials(_("The username or password is wrong."))
        request.user = user
        return super().post(request, format=format)


class LogoutView(knox_views.LogoutView):
    """End the token this request is authenticated with."""

    authentication_classes = [TokenAuthentication]

    @extend_schema(request=None, responses={204: None}, tags=["auth"])
    def post(self, request: Request, format=None) -> Response:
        return super().post(request, format=format)


class LogoutAllView(knox_views.LogoutAllView):
    """End every token of the account (rotation: log in again afterwards)."""

    authentication_classes = [TokenAuthentication]

    @extend_schema(request=None, responses={204: None}, tags=["auth"])
    def post(self, request: Request, format=None) -> Response:
        return super().post(request, format=format)
