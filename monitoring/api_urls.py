from django.urls import path
from rest_framework.routers import SimpleRouter

from monitoring.api.catalogue import WasteCategoryViewSet
from monitoring.api.devices import MonitoringPointViewSet, WeighTicketsApi
from monitoring.api.ledger import LedgerEntryViewSet, LedgerTemplateApi, LedgerUploadViewSet

router = SimpleRouter()
router.register("waste-categories", WasteCategoryViewSet, basename="waste-category")
router.register("monitoring-points", MonitoringPointViewSet, basename="monitoring-point")
router.register("ledger-uploads", LedgerUploadViewSet, basename="ledger-upload")
router.register("ledger-entries", LedgerEntryViewSet, basename="ledger-entry")

urlpatterns = [
    path("weigh-tickets/", WeighTicketsApi.as_view(), name="weigh-ticket-list"),
    path("ledger-template/", LedgerTemplateApi.as_view(), name="ledger-template"),
    *router.urls,
]
