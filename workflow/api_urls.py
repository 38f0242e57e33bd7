from rest_framework.routers import SimpleRouter

from workflow import api

router = SimpleRouter()
router.register("cases", api.CaseViewSet, basename="case")

urlpatterns = router.urls

# County batch approval (api_batches).
from workflow import api_batches  # noqa: E402

batch_router = SimpleRouter()
batch_router.register("batches", api_batches.BatchViewSet, basename="batch")
urlpatterns += batch_router.urls
