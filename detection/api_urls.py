from rest_framework.routers import SimpleRouter

from detection.api import FlagViewSet

router = SimpleRouter()
router.register("flags", FlagViewSet, basename="flag")

urlpatterns = router.urls
