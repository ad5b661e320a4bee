from rest_framework.routers import SimpleRouter

from evaluation.api.catalogue import IndicatorEditionViewSet
from evaluation.api.evaluations import ParkEvaluationViewSet

router = SimpleRouter()
router.register("indicator-editions", IndicatorEditionViewSet, basename="indicator-edition")
router.register("park-evaluations", ParkEvaluationViewSet, basename="park-evaluation")

urlpatterns = router.urls
