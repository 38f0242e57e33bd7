from rest_framework.routers import SimpleRouter

from workflow import api

router = SimpleRouter()
router.register("cases", api.CaseViewSet, basename="case")

urlpatterns = router.urls
