from rest_framework.routers import SimpleRouter

from households import api

router = SimpleRouter()
router.register("regions", api.RegionViewSet, basename="region")

urlpatterns = router.urls
