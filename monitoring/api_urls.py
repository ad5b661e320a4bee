from django.urls import path
from rest_framework.routers import SimpleRouter

from monitoring.api.catalogue import WasteCategoryViewSet
from monitoring.api.devices import MonitoringPointViewSet, WeighTicketsApi

router = SimpleRouter()
router.register("waste-categories", WasteCategoryViewSet, basename="waste-category")
router.register("monitoring-points", MonitoringPointViewSet, basename="monitoring-point")

urlpatterns = [
    path("weigh-tickets/", WeighTicketsApi.as_view(), name="weigh-ticket-list"),
    *router.urls,
]
