from django.urls import path
from rest_framework.routers import SimpleRouter

from reports.api import ReportViewSet
from reports.raw_views import RawDownloadApi

router = SimpleRouter()
router.register("reports", ReportViewSet, basename="report")

urlpatterns = [
    path("reports/raw/<str:kind>.csv", RawDownloadApi.as_view(), name="report-raw"),
    *router.urls,
]
