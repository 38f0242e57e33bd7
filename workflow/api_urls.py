from rest_framework.routers import SimpleRouter

from workflow import api
from workflow import api_applications as application_api

router = SimpleRouter()
router.register("cases", api.CaseViewSet, basename="case")
router.register("applications", application_api.ApplicationViewSet, basename="application")

urlpatterns = router.urls
