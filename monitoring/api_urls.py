from rest_framework.routers import SimpleRouter

from monitoring.api import WasteCategoryViewSet

router = SimpleRouter()
router.register("waste-categories", WasteCategoryViewSet, basename="waste-category")

urlpatterns = router.urls
