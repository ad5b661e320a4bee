from django.urls import path
from rest_framework.routers import SimpleRouter

from monitoring.api.catalogue import WasteCategoryViewSet
from monitoring.api.devices import MonitoringPointViewSet, TicketRollupsApi, WeighTicketsApi
from monitoring.api.ledger import LedgerEntryViewSet, LedgerTemplateApi, LedgerUploadViewSet
from monitoring.api.manifests import ManifestViewSet

router = SimpleRouter()
router.register("waste-categories", WasteCategoryViewSet, basename="waste-category")
router.register("monitoring-points", MonitoringPointViewSet, basename="monitoring-point")
router.register("ledger-uploads", LedgerUploadViewSet, basename="ledger-upload")
router.register("ledger-entries", LedgerEntryViewSet, basename="ledger-entry")
router.register("manifests", ManifestViewSet, basename="manifest")

urlpatterns = [
    path("weigh-tickets/", WeighTicketsApi.as_view(), name="weigh-ticket-list"),
    path("ticket-rollups/", TicketRollupsApi.as_view(), name="ticket-rollup-list"),
    path("ledger-template/", LedgerTemplateApi.as_view(), name="ledger-template"),
    *router.urls,
]
