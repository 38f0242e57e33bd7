from rest_framework.routers import SimpleRouter

from workflow import api
from workflow import api_applications as application_api

router = SimpleRouter()
router.register("cases", api.CaseViewSet, basename="case")
router.register("applications", application_api.ApplicationViewSet, basename="application")

urlpatterns = router.urls

# Objections, department comparisons and village review meetings (api_objections, api_comparisons, api_meetings).
from workflow import api_comparisons, api_meetings, api_objections  # noqa: E402

more = SimpleRouter()
more.register("objections", api_objections.ObjectionViewSet, basename="objection")
more.register("comparisons", api_comparisons.ComparisonViewSet, basename="comparison")
more.register("meetings", api_meetings.MeetingViewSet, basename="meeting")
urlpatterns += more.urls
