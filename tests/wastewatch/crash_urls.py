"""The project's URLs plus an API view that crashes, to see what a 500 looks like."""

from django.urls import path
from rest_framework.decorators import api_view, permission_classes

from wastewatch.urls import handler400, handler500
from wastewatch.urls import urlpatterns as project_urls

__all__ = ["handler400", "handler500", "urlpatterns"]


@api_view(["GET", "POST"])
@permission_classes([])
def crash(request):
    raise RuntimeError("a bug")


def plain_crash(request):
    raise RuntimeError("a bug outside DRF")


urlpatterns = [
    path("api/v1/crash/", crash),
    path("api/v1/plain-crash/", plain_crash),
    path("crash/", plain_crash),
    *project_urls,
]
