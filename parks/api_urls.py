from rest_framework.routers import SimpleRouter

from parks.api import EnterpriseViewSet, ParkViewSet
from parks.api_economics import EconomicFigureViewSet

router = SimpleRouter()
router.register("parks", ParkViewSet, basename="park")
router.register("enterprises", EnterpriseViewSet, basename="enterprise")
router.register("economic-figures", EconomicFigureViewSet, basename="economic-figure")

urlpatterns = router.urls
