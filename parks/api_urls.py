from rest_framework.routers import SimpleRouter

from parks.api import EnterpriseViewSet, ParkViewSet

router = SimpleRouter()
router.register("parks", ParkViewSet, basename="park")
router.register("enterprises", EnterpriseViewSet, basename="enterprise")

urlpatterns = router.urls
